/*
 * dateline_plugin.h: the dateline format plugin interface, ABI version 1,
 * for plugins written in C (or any language with a C FFI).
 *
 * This is the same interface as the Rust module dateline_plugin::abi; a test
 * (tests/tests/c_plugin.rs) builds a C plugin against this header and loads it.
 * Read the Rust crate documentation for the protocol; in short:
 *
 *   - export `const DatelinePluginDescriptor *dateline_plugin_v1(void)`;
 *   - the descriptor and its strings live as long as the library;
 *   - DatelineBytes passed to a function are borrowed for that call only;
 *   - an exporter handle is allocated by `create` and freed by `destroy`;
 *   - output and error messages go through the DatelineHostCallbacks;
 *   - options, articles and links are JSON (UTF-8): see dateline_plugin::wire;
 *   - return DATELINE_STATUS_OK, or report a message through `error` and
 *     return DATELINE_STATUS_ERROR. Never let an exception escape.
 */
#ifndef DATELINE_PLUGIN_H
#define DATELINE_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DATELINE_ABI_VERSION 1u
#define DATELINE_ENTRY_SYMBOL "dateline_plugin_v1"

#define DATELINE_STATUS_OK 0
#define DATELINE_STATUS_ERROR 1
#define DATELINE_STATUS_PANIC 2

#define DATELINE_KIND_STREAM 0u
#define DATELINE_KIND_PAGE 1u

#define DATELINE_EXPORTER_INDEPENDENT_ARTICLES 1u

/* Borrowed bytes (UTF-8 for strings, not NUL-terminated). */
typedef struct DatelineBytes {
    const uint8_t *ptr;
    size_t len;
} DatelineBytes;

typedef struct DatelineFormatDescriptor {
    DatelineBytes name;
    uint32_t kind;
    DatelineBytes extension;
    DatelineBytes media_type;
    DatelineBytes description;
} DatelineFormatDescriptor;

typedef struct DatelineHostCallbacks {
    void *context;
    int32_t (*write)(void *context, DatelineBytes bytes);
    void (*error)(void *context, DatelineBytes message);
} DatelineHostCallbacks;

typedef int32_t (*DatelineCreateFn)(size_t format, DatelineBytes options,
                                    const DatelineHostCallbacks *host,
                                    void **exporter, uint32_t *flags);
typedef int32_t (*DatelineDocumentFn)(void *exporter, const DatelineHostCallbacks *host);
/* `article`: the article as JSON of the document model; `links`: the JSON of
 * its links, or empty (len 0) when the options did not ask for links. */
typedef int32_t (*DatelineArticleFn)(void *exporter, DatelineBytes article,
                                     DatelineBytes links,
                                     const DatelineHostCallbacks *host);
typedef void (*DatelineDestroyFn)(void *exporter);

typedef struct DatelinePluginDescriptor {
    uint32_t abi_version; /* always first: DATELINE_ABI_VERSION */
    uint32_t model_version;
    DatelineBytes name;
    DatelineBytes version;
    const DatelineFormatDescriptor *formats;
    size_t format_count;
    DatelineCreateFn create;
    DatelineDocumentFn begin;
    DatelineArticleFn article;
    DatelineDocumentFn end;
    DatelineDestroyFn destroy;
} DatelinePluginDescriptor;

typedef const DatelinePluginDescriptor *(*DatelineEntryFn)(void);

#ifdef __cplusplus
}
#endif

#endif /* DATELINE_PLUGIN_H */
