internal import CSQLite

/// A prepared statement. Owned by one `Database`; never shared across connections.
final class Statement {
    private let handle: OpaquePointer
    let sql: String
    private unowned let database: Database

    init(database: Database, sql: String) throws(SQLiteError) {
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else {
            throw database.error(status, sql: sql)
        }
        self.handle = statement
        self.sql = sql
        self.database = database
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets the statement and binds `values` to `?1...?n`.
    func bind(_ values: [any SQLBindable]) throws(SQLiteError) {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value.sqlValue {
            case .null: status = sqlite3_bind_null(handle, index)
            case .integer(let int): status = sqlite3_bind_int64(handle, index, int)
            case .real(let double): status = sqlite3_bind_double(handle, index, double)
            case .text(let text):
                status = text.utf8CString.withUnsafeBufferPointer { buffer in
                    CSQLite_bind_text(handle, index, buffer.baseAddress, Int32(buffer.count - 1))
                }
            case .blob(let bytes):
                status = bytes.withUnsafeBytes { buffer in
                    CSQLite_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count))
                }
            }
            guard status == SQLITE_OK else { throw database.error(status, sql: sql) }
        }
    }

    /// Steps once: true when a row is available.
    func step() throws(SQLiteError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(status, sql: sql)
        }
    }

    /// Runs to completion, ignoring rows.
    func run(_ values: [any SQLBindable] = []) throws(SQLiteError) {
        try bind(values)
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Runs and maps every row.
    func rows<T>(_ values: [any SQLBindable] = [], _ map: (Row) throws(SQLiteError) -> T) throws(SQLiteError) -> [T] {
        try bind(values)
        defer { sqlite3_reset(handle) }
        var result: [T] = []
        while try step() {
            result.append(try map(Row(handle: handle)))
        }
        return result
    }

    /// Runs and hands every row to `body` as it is stepped (nothing is collected).
    func forEachRow(_ values: [any SQLBindable] = [], _ body: (Row) throws(SQLiteError) -> Void) throws(SQLiteError) {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {
            try body(Row(handle: handle))
        }
    }

    /// The first row, mapped, if any.
    func firstRow<T>(_ values: [any SQLBindable] = [], _ map: (Row) throws(SQLiteError) -> T) throws(SQLiteError) -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        guard try step() else { return nil }
        return try map(Row(handle: handle))
    }

    /// The first row `accept` takes, mapped; stops stepping there (the rest is never read).
    func firstRow<T>(
        _ values: [any SQLBindable] = [], where accept: (Row) -> Bool, _ map: (Row) throws(SQLiteError) -> T
    ) throws(SQLiteError) -> T? {
        try bind(values)
        defer { sqlite3_reset(handle) }
        while try step() {
            let row = Row(handle: handle)
            if accept(row) { return try map(row) }
        }
        return nil
    }
}

/// The current row of a statement; valid only inside the mapping closure.
struct Row {
    fileprivate let handle: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }
    func uint64(_ column: Int32) -> UInt64 { UInt64(bitPattern: sqlite3_column_int64(handle, column)) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    func string(_ column: Int32) -> String {
        guard let text = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func optionalString(_ column: Int32) -> String? { isNull(column) ? nil : string(column) }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let bytes = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }
}
