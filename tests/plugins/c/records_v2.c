/*
 * A version 2 plugin in C with one record format, `rows`: for each batch it
 * writes `rows N` (N records, read off the Arrow C Data Interface struct) and
 * releases the array itself after moving it out, as the header's ownership
 * rules allow. Built by tests/tests/plugin_descriptors.rs, once plain and once
 * per case of a descriptor the host must refuse:
 *
 *   CASE_RECORD_MISMATCH    the record format reads record version 2
 *   CASE_NULL_BATCH         a record format, but `batch` is null
 *   CASE_UNKNOWN_INPUT      a format whose input is 5
 *   CASE_LEAVE_ARRAY        (valid) `batch` does not take the array: the
 *                           host must release it
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "dateline_plugin.h"

#ifndef MODEL_VERSION
#error "build with -DMODEL_VERSION=<the model version dateline sends>"
#endif

#define BYTES(s) { (const uint8_t *)(s), sizeof(s) - 1 }

#if defined(CASE_UNKNOWN_INPUT)
#define INPUT 5u
#else
#define INPUT DATELINE_INPUT_RECORD
#endif

static const DatelineFormatDescriptorV2 FORMATS[] = {
    { BYTES("rows"), DATELINE_KIND_STREAM, INPUT, BYTES("txt"), BYTES("text/plain"),
      BYTES("Test fixture in C: the size of each batch of records") },
};

static int32_t EXPORTER;

static int32_t create(size_t format, DatelineBytes options, const DatelineHostCallbacks *host,
                      void **exporter, uint32_t *flags) {
    (void)format;
    (void)options;
    (void)host;
    *exporter = &EXPORTER;
    *flags = 0;
    return DATELINE_STATUS_OK;
}

static int32_t say(const DatelineHostCallbacks *host, const char *text, size_t len) {
    DatelineBytes bytes = { (const uint8_t *)text, len };
    return host->write(host->context, bytes) == 0 ? DATELINE_STATUS_OK : DATELINE_STATUS_ERROR;
}

static int32_t begin(void *exporter, const DatelineHostCallbacks *host) {
    (void)exporter;
    return say(host, "begin\n", 6);
}

static int32_t end(void *exporter, const DatelineHostCallbacks *host) {
    (void)exporter;
    return say(host, "end\n", 4);
}

static int32_t article(void *exporter, DatelineBytes json, DatelineBytes links,
                       const DatelineHostCallbacks *host) {
    static const char message[] = "a record format got an article";
    DatelineBytes bytes = BYTES(message);
    (void)exporter;
    (void)json;
    (void)links;
    host->error(host->context, bytes);
    return DATELINE_STATUS_ERROR;
}

#if !defined(CASE_NULL_BATCH)
static int32_t batch(void *exporter, struct ArrowArray *array, const struct ArrowSchema *schema,
                     const DatelineHostCallbacks *host) {
    char line[64];
    int len;
    (void)exporter;
    /* The record schema: a struct of 18 columns, the first `id` (utf8). */
    if (schema->format[0] != '+' || schema->format[1] != 's' || schema->n_children != 18 ||
        schema->children[0]->format[0] != 'u' || array->n_children != 18) {
        static const char message[] = "not the record schema";
        DatelineBytes bytes = BYTES(message);
        host->error(host->context, bytes);
        return DATELINE_STATUS_ERROR;
    }
    len = snprintf(line, sizeof line, "rows %lld\n", (long long)array->length);
#if defined(CASE_LEAVE_ARRAY)
    return say(host, line, (size_t)len);
#else
    {
        /* Move the array out, then release it: the host must not again. */
        struct ArrowArray taken = *array;
        array->release = NULL;
        taken.release(&taken);
    }
    return say(host, line, (size_t)len);
#endif
}
#define BATCH batch
#else
#define BATCH NULL
#endif

static void destroy(void *exporter) { (void)exporter; }

#if defined(CASE_RECORD_MISMATCH)
#define RECORD 2u
#else
#define RECORD 1u
#endif

static const DatelinePluginDescriptorV2 DESCRIPTOR = {
    DATELINE_ABI_VERSION_2, MODEL_VERSION, RECORD,
    BYTES("crows"), BYTES("0.0.1"),
    FORMATS, sizeof(FORMATS) / sizeof(FORMATS[0]),
    create, begin, article, BATCH, end, destroy,
};

const DatelinePluginDescriptorV2 *dateline_plugin_v2(void) { return &DESCRIPTOR; }
