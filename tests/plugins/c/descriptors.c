/*
 * Plugin descriptors that are wrong in one way each, built by
 * tests/tests/plugin_descriptors.rs against crates/plugin/include/dateline_plugin.h.
 *
 * Compiled once per case with `-DCASE_<NAME>` (and `-DMODEL_VERSION=<n>`, the
 * document model version dateline sends): without a case the library is a
 * correct plugin, `descriptors`, with one format `lines` that writes a line per
 * article; each case changes one thing, and the host must refuse the library
 * with an error naming the file and the cause.
 *
 *   CASE_MODEL_MISMATCH     the descriptor reads model version MODEL_VERSION + 1
 *   CASE_NEWER_ABI_ONLY     only `dateline_plugin_v3` is exported (a later ABI)
 *   CASE_NULL_DESCRIPTOR    the entry function returns no descriptor
 *   CASE_NULL_ENTRY_POINT   `article` is null
 *   CASE_NAME_NOT_UTF8      the plugin's name is not UTF-8
 *   CASE_NAME_NOT_ALLOWED   the plugin's name has capitals and a space
 *   CASE_NULL_FORMAT_LIST   two formats, but the list is null
 *   CASE_DUPLICATE_FORMAT   one format name twice
 *   CASE_UNKNOWN_KIND       a format of kind 7
 */
#include <stddef.h>
#include <stdint.h>

#include "dateline_plugin.h"

#ifndef MODEL_VERSION
#error "build with -DMODEL_VERSION=<the model version dateline sends>"
#endif

#define BYTES(s) { (const uint8_t *)(s), sizeof(s) - 1 }

#if defined(CASE_UNKNOWN_KIND)
#define KIND 7u
#else
#define KIND DATELINE_KIND_STREAM
#endif

#if !defined(CASE_NULL_FORMAT_LIST)
static const DatelineFormatDescriptor FORMATS[] = {
    { BYTES("lines"), KIND, BYTES("txt"), BYTES("text/plain"),
      BYTES("Test fixture in C: a line per article") },
#if defined(CASE_DUPLICATE_FORMAT)
    { BYTES("lines"), DATELINE_KIND_STREAM, BYTES("txt"), BYTES("text/plain"),
      BYTES("Test fixture in C: the same name again") },
#endif
};
#endif

/* The exporter keeps no state: every handle is this one. */
static int32_t EXPORTER;

static int32_t create(size_t format, DatelineBytes options, const DatelineHostCallbacks *host,
                      void **exporter, uint32_t *flags) {
    (void)format;
    (void)options;
    (void)host;
    *exporter = &EXPORTER;
    *flags = DATELINE_EXPORTER_INDEPENDENT_ARTICLES;
    return DATELINE_STATUS_OK;
}

static int32_t document(void *exporter, const DatelineHostCallbacks *host) {
    (void)exporter;
    (void)host;
    return DATELINE_STATUS_OK;
}

#if !defined(CASE_NULL_ENTRY_POINT)
static int32_t article(void *exporter, DatelineBytes json, DatelineBytes links,
                       const DatelineHostCallbacks *host) {
    static const char line[] = "article\n";
    DatelineBytes bytes = BYTES(line);
    (void)exporter;
    (void)json;
    (void)links;
    return host->write(host->context, bytes) == 0 ? DATELINE_STATUS_OK : DATELINE_STATUS_ERROR;
}
#endif

static void destroy(void *exporter) { (void)exporter; }

#if defined(CASE_NAME_NOT_UTF8)
#define NAME BYTES("descr\xffptors")
#elif defined(CASE_NAME_NOT_ALLOWED)
#define NAME BYTES("Bad Name")
#else
#define NAME BYTES("descriptors")
#endif

#if defined(CASE_NULL_FORMAT_LIST)
#define FORMAT_LIST NULL, 2
#else
#define FORMAT_LIST FORMATS, sizeof(FORMATS) / sizeof(FORMATS[0])
#endif

#if defined(CASE_NULL_ENTRY_POINT)
#define ARTICLE NULL
#else
#define ARTICLE article
#endif

#if defined(CASE_MODEL_MISMATCH)
#define READS_MODEL (MODEL_VERSION + 1u)
#else
#define READS_MODEL MODEL_VERSION
#endif

#if defined(CASE_NEWER_ABI_ONLY)
#define ABI 3u
#else
#define ABI DATELINE_ABI_VERSION
#endif

static const DatelinePluginDescriptor DESCRIPTOR = {
    ABI, READS_MODEL, NAME, BYTES("0.1.0"),
    FORMAT_LIST,
    create, document, ARTICLE, document, destroy,
};

#if defined(CASE_NEWER_ABI_ONLY)
/* What a plugin built for interface version 3 exports instead of the v1 and v2
 * symbols; the host must not call it (its descriptor's layout is neither). */
const DatelinePluginDescriptor *dateline_plugin_v3(void) { return &DESCRIPTOR; }
#elif defined(CASE_NULL_DESCRIPTOR)
/* A plugin that could not describe itself (the Rust glue returns null when
 * describing panics). */
static volatile int described = 0;
const DatelinePluginDescriptor *dateline_plugin_v1(void) { return described ? &DESCRIPTOR : NULL; }
#else
const DatelinePluginDescriptor *dateline_plugin_v1(void) { return &DESCRIPTOR; }
#endif
