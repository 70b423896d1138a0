// CSQLite: the thin bridge to SQLite. Imported by FeedStore only.
//
// Why this shim exists: SQLITE_TRANSIENT is a macro that casts -1 to a destructor
// pointer, which Swift cannot express; binding text and blobs with it makes SQLite copy
// the bytes before the Swift buffer goes away. sqlite3_config is variadic, which Swift
// cannot call.
#ifndef CSQLITE_SHIM_H
#define CSQLITE_SHIM_H

#include <sqlite3.h>

static inline int CSQLite_bind_text(sqlite3_stmt *statement, int index, const char *text, int byteCount) {
    return sqlite3_bind_text(statement, index, text, byteCount, SQLITE_TRANSIENT);
}

static inline int CSQLite_bind_blob(sqlite3_stmt *statement, int index, const void *bytes, int byteCount) {
    return sqlite3_bind_blob(statement, index, bytes, byteCount, SQLITE_TRANSIENT);
}

/// Turns off SQLite's memory statistics, whose process-wide mutex every allocation and free
/// of every connection takes. Only valid before SQLite initialises (SQLITE_MISUSE after).
static inline int CSQLite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
