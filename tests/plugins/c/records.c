/*
 * A dateline plugin in C, built by tests/tests/c_plugin.rs against
 * crates/plugin/include/dateline_plugin.h: the format `records` writes what it
 * receives for each article as two lines: the article's JSON, then its links'
 * JSON (or `null`).
 */
#include <stdlib.h>
#include <string.h>

#include "dateline_plugin.h"

#define BYTES(s) { (const uint8_t *)(s), sizeof(s) - 1 }

static const DatelineFormatDescriptor FORMATS[] = {
    { BYTES("records"), DATELINE_KIND_STREAM, BYTES("jsonl"), BYTES("application/jsonl"),
      BYTES("Test fixture in C: the records as the plugin receives them") },
};

typedef struct Exporter {
    size_t articles;
} Exporter;

static void fail(const DatelineHostCallbacks *host, const char *message) {
    DatelineBytes bytes = { (const uint8_t *)message, strlen(message) };
    host->error(host->context, bytes);
}

static int32_t create(size_t format, DatelineBytes options, const DatelineHostCallbacks *host,
                      void **exporter, uint32_t *flags) {
    (void)options;
    if (format != 0) {
        fail(host, "no such format");
        return DATELINE_STATUS_ERROR;
    }
    Exporter *e = calloc(1, sizeof(Exporter));
    if (e == NULL) {
        fail(host, "out of memory");
        return DATELINE_STATUS_ERROR;
    }
    *exporter = e;
    *flags = DATELINE_EXPORTER_INDEPENDENT_ARTICLES;
    return DATELINE_STATUS_OK;
}

static int32_t begin(void *exporter, const DatelineHostCallbacks *host) {
    (void)exporter;
    (void)host;
    return DATELINE_STATUS_OK;
}

/* Writes the article's JSON on one line, then its links' JSON (or null). */
static int32_t article(void *exporter, DatelineBytes article, DatelineBytes links,
                       const DatelineHostCallbacks *host) {
    static const char null_links[] = "null";
    static const char newline[] = "\n";
    DatelineBytes eol = { (const uint8_t *)newline, 1 };
    DatelineBytes pieces[4] = { article, eol, links, eol };
    size_t i;
    if (links.len == 0) {
        pieces[2].ptr = (const uint8_t *)null_links;
        pieces[2].len = sizeof(null_links) - 1;
    }
    /* The host's model JSON may end with a newline (JSON whitespace): drop it,
     * one line per piece. */
    while (pieces[0].len > 0 && pieces[0].ptr[pieces[0].len - 1] == '\n') {
        pieces[0].len -= 1;
    }
    ((Exporter *)exporter)->articles += 1;
    for (i = 0; i < 4; i++) {
        if (host->write(host->context, pieces[i]) != 0) {
            return DATELINE_STATUS_ERROR;
        }
    }
    return DATELINE_STATUS_OK;
}

static int32_t end(void *exporter, const DatelineHostCallbacks *host) {
    (void)exporter;
    (void)host;
    return DATELINE_STATUS_OK;
}

static void destroy(void *exporter) { free(exporter); }

static const DatelinePluginDescriptor DESCRIPTOR = {
    DATELINE_ABI_VERSION, 1u, BYTES("c-records"), BYTES("0.1.0"),
    FORMATS, sizeof(FORMATS) / sizeof(FORMATS[0]),
    create, begin, article, end, destroy,
};

const DatelinePluginDescriptor *dateline_plugin_v1(void) { return &DESCRIPTOR; }
