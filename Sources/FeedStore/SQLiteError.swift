/// A failed SQLite call: result code, extended code, SQLite's message and the SQL text.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Primary result code (`SQLITE_BUSY`, `SQLITE_CONSTRAINT`, ...).
    public var code: Int32
    /// Extended result code.
    public var extendedCode: Int32
    /// `sqlite3_errmsg` at the time of the failure.
    public var message: String
    /// The statement being run, if any.
    public var sql: String?
    /// The database file.
    public var path: String

    public var description: String {
        var text = "\(path): SQLite error \(extendedCode): \(message)"
        if let sql { text += " (in: \(sql.prefix(120)))" }
        return text
    }
}
