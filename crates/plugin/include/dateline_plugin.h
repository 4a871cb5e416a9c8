/*
 * dateline_plugin.h: the dateline format plugin interface, ABI versions 1
 * and 2, for plugins written in C (or any language with a C FFI).
 *
 * This is the same interface as the Rust module dateline_plugin::abi; tests
 * (tests/tests/c_plugin.rs, tests/tests/plugin_descriptors.rs) build C plugins
 * against this header and load them. Read the Rust crate documentation for
 * the protocol; in short:
 *
 *   - export `const DatelinePluginDescriptor *dateline_plugin_v1(void)`, or
 *     (version 2) `const DatelinePluginDescriptorV2 *dateline_plugin_v2(void)`;
 *     a host of version 2 looks for the v2 symbol first, then the v1 one;
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
#define DATELINE_ABI_VERSION_2 2u
#define DATELINE_ENTRY_SYMBOL_V2 "dateline_plugin_v2"

#define DATELINE_STATUS_OK 0
#define DATELINE_STATUS_ERROR 1
#define DATELINE_STATUS_PANIC 2

#define DATELINE_KIND_STREAM 0u
#define DATELINE_KIND_PAGE 1u

#define DATELINE_EXPORTER_INDEPENDENT_ARTICLES 1u

/* DatelineFormatDescriptorV2.input (version 2). */
#define DATELINE_INPUT_ARTICLE 0u
#define DATELINE_INPUT_RECORD 1u

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

/* ---- Version 2: formats that write analysis records ------------------- */

/* The Arrow C Data Interface structs
 * (https://arrow.apache.org/docs/format/CDataInterface.html), declared as the
 * specification declares them, guarded so that arrow's own abi.h may come first. */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE
struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};
#endif /* ARROW_C_DATA_INTERFACE */

typedef struct DatelineFormatDescriptorV2 {
    DatelineBytes name;
    uint32_t kind;
    uint32_t input; /* DATELINE_INPUT_ARTICLE or DATELINE_INPUT_RECORD */
    DatelineBytes extension;
    DatelineBytes media_type;
    DatelineBytes description;
} DatelineFormatDescriptorV2;

/* `batch`: the next records of a DATELINE_INPUT_RECORD format, as a struct
 * array (one child per column of the record schema, one row per record) and
 * its schema. Ownership (the C Data Interface's move semantics):
 *   - `schema` is borrowed for the call: never release it;
 *   - `array` is the host's, moved to the plugin: to keep it past the call,
 *     copy the struct and set `array->release = NULL`; then call the copy's
 *     `release` exactly once when done (from any thread). If `release` is
 *     still set on return, the host releases the array. The buffers are freed
 *     by the host's `release`, never by the plugin. */
typedef int32_t (*DatelineBatchFn)(void *exporter, struct ArrowArray *array,
                                   const struct ArrowSchema *schema,
                                   const DatelineHostCallbacks *host);

typedef struct DatelinePluginDescriptorV2 {
    uint32_t abi_version; /* always first: DATELINE_ABI_VERSION_2 */
    uint32_t model_version;
    uint32_t record_version; /* the analysis record's version: 1 */
    DatelineBytes name;
    DatelineBytes version;
    const DatelineFormatDescriptorV2 *formats;
    size_t format_count;
    DatelineCreateFn create;
    DatelineDocumentFn begin;
    DatelineArticleFn article; /* DATELINE_INPUT_ARTICLE formats only */
    DatelineBatchFn batch;     /* DATELINE_INPUT_RECORD formats only; may be NULL without any */
    DatelineDocumentFn end;
    DatelineDestroyFn destroy;
} DatelinePluginDescriptorV2;

typedef const DatelinePluginDescriptorV2 *(*DatelineEntryFnV2)(void);

#ifdef __cplusplus
}
#endif

#endif /* DATELINE_PLUGIN_H */
