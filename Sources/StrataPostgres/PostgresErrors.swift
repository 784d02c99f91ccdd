import PostgresNIO
import StrataCore

/// Turns postgres-nio errors into `DatabaseError`s carrying every field the server sent.
enum PostgresErrors {
    /// SQLSTATE classes and codes that mean the session is gone rather than one statement failing.
    private static let connectionStates: Set<String> = ["57P01", "57P02", "57P03", "57P05"]

    static func databaseError(_ error: any Error, sql: String?) -> DatabaseError {
        if let error = error as? DatabaseError { return error }
        guard let error = error as? PSQLError else { return DatabaseError(message: "\(error)", sql: sql) }
        if let info = error.serverInfo {
            let state = info[.sqlState]
            // "where" says which row of a COPY (or which line of a function) failed: for a seed, the row to fix.
            let detail = [info[.detail], info[.locationContext].map { "where: \($0)" }].compactMap { $0 }.joined(separator: "; ")
            return DatabaseError(
                message: info[.message] ?? "server error", code: state, detail: detail.isEmpty ? nil : detail, hint: info[.hint],
                position: info[.position].flatMap { Int($0) }, sql: sql,
                connectionLost: state.map { connectionStates.contains($0) || $0.hasPrefix("08") } ?? false)
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed:
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return DatabaseError(message: "the connection to PostgreSQL was lost\(underlying)", sql: sql, connectionLost: true)
        case .queryCancelled:
            return DatabaseError(message: "the statement was cancelled", code: "57014", sql: sql)
        case .authMechanismRequiresPassword:
            return DatabaseError(
                message: "the server asks for a password and none was given",
                hint: "set it in profiles.yml with env_var(), in PGPASSWORD, or in ~/.pgpass")
        case .sslUnsupported:
            return DatabaseError(message: "the server does not support SSL, but sslmode requires it", connectionLost: true)
        default:
            let underlying = error.underlying.map { ": \($0)" } ?? ""
            return DatabaseError(message: "\(error.code)\(underlying)", sql: sql, connectionLost: true)
        }
    }

    /// Re-expresses a server position inside `statement` as a position inside `body`, the model SQL that
    /// `statement` embeds after `prefix`, so diagnostics can map it back to the model file.
    static func rebased(_ error: DatabaseError, prefix: String, body: String) -> DatabaseError {
        var error = error
        guard let position = error.position else { return error }
        let shift = prefix.unicodeScalars.count
        let inBody = position - shift
        if inBody >= 1, inBody <= body.unicodeScalars.count + 1 {
            error.position = inBody
            error.sql = body
        }
        return error
    }
}
