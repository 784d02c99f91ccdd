public import Foundation
import Hummingbird
import Logging
import NIOCore
import StrataDiagnostics
public import StrataCore
import Synchronization

/// `strata serve`: the data API, run triggers and history, the docs site, `/metrics` and `/health` on one address,
/// with the scheduler running beside it.
public struct ServiceServer: Sendable {
    public let host: String
    public let port: Int
    public let engine: DataQuery.Engine
    /// The warehouse for state and run history.
    public let adapter: any DatabaseAdapter
    /// The warehouse for data reads: read-only sessions as the read role where the engine has them.
    public let reader: any DatabaseAdapter
    public let catalog: DataCatalog
    public let queue: RunQueue
    public let store: StateStore
    public let metrics: ServiceMetrics
    public let tokens: [APIToken]
    public let readRole: String?
    /// `target/docs`, served at `/`.
    public let docsDirectory: String
    public let scheduler: Scheduler

    public init(
        host: String, port: Int, engine: DataQuery.Engine, adapter: any DatabaseAdapter, reader: any DatabaseAdapter, catalog: DataCatalog,
        queue: RunQueue, store: StateStore, metrics: ServiceMetrics, tokens: [APIToken], readRole: String?,
        docsDirectory: String, scheduler: Scheduler
    ) {
        self.host = host
        self.port = port
        self.engine = engine
        self.adapter = adapter
        self.reader = reader
        self.catalog = catalog
        self.queue = queue
        self.store = store
        self.metrics = metrics
        self.tokens = tokens
        self.readRole = readRole
        self.docsDirectory = docsDirectory
        self.scheduler = scheduler
    }

    /// Serves until SIGINT or SIGTERM, then lets the running run stop cleanly before returning.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        let application = makeApplication(
            router: router(), host: host, port: port, label: "strata.serve", onListening: onListening)
        let queue = queue
        let metrics = metrics
        let schedules = Task {
            await scheduler.run { schedule, due in
                metrics.scheduleFired(schedule.name)
                _ = await queue.submit(
                    RunOrder(
                        command: schedule.command, select: schedule.select, exclude: schedule.exclude,
                        trigger: "schedule \(schedule.name) at \(StateStore.timestamp(due))", retries: schedule.retries,
                        retryDelay: schedule.retryDelay, schedule: schedule.name))
            }
        }
        // However the server stops, the scheduler stops and the running run is stopped cleanly.
        var failure: (any Error)?
        do { try await application.runService() } catch { failure = error }
        schedules.cancel()
        await queue.shutdown()
        if let failure { throw failure }
    }

    // MARK: - Routes

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let server = self
        router.get("/health") { _, _ in server.json(.object([("status", .string("ok"))])) }
        router.get("/metrics") { request, _ in
            try await server.measured("/metrics", request: request, scope: .read) { _ in
                Self.text(server.metrics.text(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        router.get("/openapi.json") { _, _ in Self.text(OpenAPIDocument.json, contentType: "application/json") }
        router.get("/api/models") { request, _ in
            try await server.measured("/api/models", request: request, scope: .read) { _ in
                server.json(.object([("models", .array(server.catalog.all.map(server.describe)))]))
            }
        }
        router.get("/api/models/:model") { request, context in
            try await server.measured("/api/models/{model}", request: request, scope: .read) { _ in
                let model = try server.model(context)
                return server.json(server.describe(model))
            }
        }
        router.get("/api/models/:model/rows") { request, context in
            try await server.measured("/api/models/{model}/rows", request: request, scope: .read) { _ in
                try await server.rows(request: request, context: context)
            }
        }
        router.get("/api/models/:model/export.csv") { request, context in
            try await server.measured("/api/models/{model}/export", request: request, scope: .read) { _ in
                try server.export(model: try server.model(context), format: .csv)
            }
        }
        router.get("/api/models/:model/export.jsonl") { request, context in
            try await server.measured("/api/models/{model}/export", request: request, scope: .read) { _ in
                try server.export(model: try server.model(context), format: .jsonl)
            }
        }
        router.post("/api/runs") { request, _ in
            try await server.measured("/api/runs", request: request, scope: .run) { token in
                try await server.trigger(request: request, token: token)
            }
        }
        router.get("/api/runs") { request, _ in
            try await server.measured("/api/runs", request: request, scope: .read) { _ in try await server.runs(request: request) }
        }
        router.get("/api/runs/:run") { request, context in
            try await server.measured("/api/runs/{run}", request: request, scope: .read) { _ in
                try await server.run(id: context.parameters.get("run") ?? "")
            }
        }
        // The docs site, as `strata docs serve` serves it.
        DocsServer(directory: docsDirectory).addRoutes(to: router)
        return router
    }

    // MARK: - Authentication and measuring

    /// A JSON error answer; thrown out of handlers.
    struct Problem: Error {
        var status: HTTPResponse.Status
        var code: String
        var message: String
        var parameter: String?
    }

    /// The token a request carries, checked against the scope the route needs; nil when no tokens are configured
    /// and the API is open (the CLI only allows that on a loopback address).
    func authorize(_ request: Request, scope: APIToken.Scope) throws(Problem) -> APIToken? {
        guard !tokens.isEmpty else { return nil }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw Problem(status: .unauthorized, code: "unauthorized", message: "send a bearer token: Authorization: Bearer <token>")
        }
        let presented = Array(header.dropFirst(7).trimmingCharacters(in: .whitespaces).utf8)
        // Compared in constant time, so response timing says nothing about how much of a token was right.
        guard let token = tokens.first(where: { Self.constantTimeEqual(Array($0.token.utf8), presented) }) else {
            throw Problem(status: .unauthorized, code: "unauthorized", message: "the bearer token is not valid")
        }
        guard token.scopes.contains(scope) else {
            throw Problem(status: .forbidden, code: "forbidden", message: "token '\(token.name)' lacks the '\(scope.rawValue)' scope")
        }
        return token
    }

    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    /// Authorizes the request, answers a `Problem` as JSON and records the request's route, status and time.
    func measured(
        _ route: String, request: Request, scope: APIToken.Scope, _ body: (APIToken?) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await body(try authorize(request, scope: scope))
        } catch let problem as Problem {
            response = problemResponse(problem)
        }
        metrics.request(route: route, status: Int(response.status.code), seconds: Self.seconds(since: started))
        return response
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    func problemResponse(_ problem: Problem) -> Response {
        var fields: [(key: String, value: JSON)] = [("code", .string(problem.code)), ("message", .string(problem.message))]
        if let parameter = problem.parameter { fields.append(("parameter", .string(parameter))) }
        var response = json(.object([("error", .object(fields))]), status: problem.status)
        if problem.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    // MARK: - Models and rows

    func model(_ context: BasicRequestContext) throws(Problem) -> DataModel {
        let name = context.parameters.get("model") ?? ""
        guard let model = catalog.model(name) else {
            let suggestion = EditDistance.suggestion(for: name, among: catalog.names).map { "; did you mean '\($0)'?" } ?? ""
            throw Problem(status: .notFound, code: "unknown_model", message: "no model '\(name)' in the warehouse\(suggestion)")
        }
        return model
    }

    func describe(_ model: DataModel) -> JSON {
        .object([
            ("name", .string(model.apiName)), ("unique_id", .string(model.uniqueID)), ("resource_type", .string(model.resourceType)),
            ("materialization", .string(model.materialization)), ("description", .string(model.description)),
            ("tags", .strings(model.tags)),
            ("columns", .array(model.columns.map { column in
                .object([
                    ("name", .string(column.name)), ("type", .string(column.dataType)),
                    ("description", .string(model.columnDescriptions[column.name] ?? "")),
                ])
            })),
            ("rows_url", .string("/api/models/\(model.apiName)/rows")),
        ])
    }

    /// Query items, percent-decoded (keys too).
    static func parameters(_ request: Request) -> [(name: String, value: String)] {
        guard let query = request.uri.query, !query.isEmpty,
              let items = URLComponents(string: "?" + query.replacingOccurrences(of: "+", with: "%20"))?.queryItems
        else { return [] }
        return items.map { ($0.name, $0.value ?? "") }
    }

    func rows(request: Request, context: BasicRequestContext) async throws -> Response {
        let model = try model(context)
        let query: DataQuery
        do {
            query = try DataQuery(
                relation: model.quotedRelation, available: model.columns, parameters: Self.parameters(request), engine: engine)
        } catch {
            throw Problem(status: .badRequest, code: "bad_request", message: error.message, parameter: error.parameter)
        }
        let rows: [[QueryValue]]
        do {
            rows = try await reader.readRows(query.sql, binds: query.binds, readRole: readRole)
        } catch let error as DatabaseError {
            // A value the column's type cannot take (`id=eq.abc` on an integer) fails in the database: the
            // request was wrong, and nothing else was touched.
            if ["22P02", "22007", "22008", "22003", "42883"].contains(error.code ?? "") {
                throw Problem(status: .badRequest, code: "bad_value", message: error.message)
            }
            if error.code == "42501" {
                throw Problem(status: .forbidden, code: "forbidden", message: "the read role may not read this model: \(error.message)")
            }
            throw Problem(status: .serviceUnavailable, code: "warehouse_error", message: error.message)
        }
        let keys = RowEncoding.jsonKeys(query.columns.map(\.name))
        var body = "{\"model\":" + JSON.string(model.apiName).encoded() + ",\"columns\":"
            + JSON.strings(query.columns.map(\.name)).encoded() + ",\"limit\":\(query.limit),\"offset\":\(query.offset),\"rows\":["
        for (index, row) in rows.enumerated() {
            if index > 0 { body += "," }
            body += RowEncoding.jsonObject(row, keys: keys)
        }
        body += "]"
        if rows.count == query.limit, let last = rows.last, let cursor = query.nextCursor(after: last) {
            body += ",\"next_cursor\":" + JSON.string(cursor).encoded()
        }
        body += "}"
        return Self.text(body, contentType: "application/json")
    }

    /// The whole model, streamed: rows go out a batch at a time as the warehouse hands them over.
    func export(model: DataModel, format: ExportFormat) throws -> Response {
        let reader = reader
        let readRole = readRole
        let sql = "SELECT \(model.columns.map { Relation.quote($0.name) }.joined(separator: ", ")) FROM \(model.quotedRelation)"
        let encoder = RowStreamEncoder(format: format, columns: model.columns.map(\.name))
        let body = ResponseBody { writer in
            let output = WriterBox(writer)
            if !encoder.header.isEmpty { try await output.write(encoder.header) }
            try await reader.streamQuery(sql, binds: [], batchSize: 5000, readRole: readRole) { batch in
                try await output.write(encoder.encode(batch))
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"
        headers[.contentDisposition] = "attachment; filename=\"\(model.apiName).\(format.rawValue)\""
        return Response(status: .ok, headers: headers, body: body)
    }

    // MARK: - Runs

    func trigger(request: Request, token: APIToken?) async throws -> Response {
        let data = try await request.body.collect(upTo: 64 * 1024)
        let object: [String: Any]
        if data.readableBytes == 0 {
            object = [:]
        } else {
            guard let parsed = try? JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any] else {
                throw Problem(status: .badRequest, code: "bad_request", message: "the body must be a JSON object: {\"command\": \"build\", \"select\": [\"tag:daily\"]}")
            }
            object = parsed
        }
        let known: Set<String> = ["command", "select", "exclude"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw Problem(status: .badRequest, code: "bad_request", message: "unknown field '\(unknown)'; known: command, select, exclude", parameter: unknown)
        }
        let commandName = object["command"] as? String ?? "build"
        guard let command = ScheduledCommand(rawValue: commandName) else {
            throw Problem(status: .badRequest, code: "bad_request", message: "unknown command '\(commandName)'; one of build, sync, replicate, test", parameter: "command")
        }
        func selectors(_ key: String) throws(Problem) -> [String] {
            guard let value = object[key] else { return [] }
            if let text = value as? String { return text.split(separator: " ").map(String.init) }
            guard let list = value as? [String] else {
                throw Problem(status: .badRequest, code: "bad_request", message: "'\(key)' must be a list of selectors", parameter: key)
            }
            return list
        }
        let select = try selectors("select")
        let exclude = try selectors("exclude")
        // Selectors become arguments of a child process, never shell text; still, only selector characters pass.
        for selector in select + exclude where selector.isEmpty || selector.hasPrefix("-") || selector.contains(where: { $0.isNewline || $0 == "\0" }) {
            throw Problem(status: .badRequest, code: "bad_request", message: "'\(selector)' is not a node selector", parameter: "select")
        }
        let who = token.map { "api token \($0.name)" } ?? "api"
        guard let runID = await queue.submit(RunOrder(command: command, select: select, exclude: exclude, trigger: who)) else {
            throw Problem(status: .serviceUnavailable, code: "shutting_down", message: "the server is shutting down")
        }
        return json(.object([("run_id", .string(runID)), ("state", .string("queued")), ("url", .string("/api/runs/\(runID)"))]), status: .accepted)
    }

    func runs(request: Request) async throws -> Response {
        var limit = 50
        if let text = Self.parameters(request).first(where: { $0.name == "limit" })?.value {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw Problem(status: .badRequest, code: "bad_request", message: "'limit' must be a whole number from 1 to 1000", parameter: "limit")
            }
            limit = value
        }
        let live = await queue.tickets().filter { $0.state == "queued" || $0.state == "running" }
        let recorded: [RecordedRun]
        do { recorded = try await store.runs(limit: limit) } catch {
            throw Problem(status: .serviceUnavailable, code: "warehouse_error", message: "\(error)")
        }
        let liveIDs = Set(live.map(\.runID))
        var items = live.map(Self.describe)
        items += recorded.filter { !liveIDs.contains($0.runID) }.map { Self.describe($0, withLogs: false) }
        return json(.object([("runs", .array(Array(items.prefix(limit))))]))
    }

    func run(id: String) async throws -> Response {
        if let live = await queue.tickets().first(where: { $0.runID == id && ($0.state == "queued" || $0.state == "running") }) {
            return json(Self.describe(live))
        }
        let recorded: RecordedRun?
        do { recorded = try await store.run(id) } catch {
            throw Problem(status: .serviceUnavailable, code: "warehouse_error", message: "\(error)")
        }
        guard let recorded else { throw Problem(status: .notFound, code: "unknown_run", message: "no run '\(id)'") }
        return json(Self.describe(recorded, withLogs: true))
    }

    static func describe(_ ticket: RunQueue.Ticket) -> JSON {
        .object([
            ("run_id", .string(ticket.runID)), ("state", .string(ticket.state)), ("command", .string(ticket.order.command.rawValue)),
            ("selection", .string(ticket.order.select.joined(separator: " "))), ("trigger", .string(ticket.order.trigger)),
            ("attempt", .int(ticket.attempt)), ("queued_at", .string(StateStore.timestamp(ticket.queuedAt))),
            ("started_at", .optional(ticket.startedAt.map(StateStore.timestamp))),
        ])
    }

    static func describe(_ run: RecordedRun, withLogs: Bool) -> JSON {
        var fields: [(key: String, value: JSON)] = [
            ("run_id", .string(run.runID)), ("state", .string(run.outcome)), ("command", .string(run.command)),
            ("selection", .string(run.selection)), ("trigger", .optional(run.trigger)), ("attempt", run.attempt.map(JSON.int) ?? .null),
            ("invoked_by", .string(run.invokedBy)), ("git_commit", .optional(run.gitCommit)),
            ("started_at", .optional(run.startedAt.map(StateStore.timestamp))), ("ended_at", .optional(run.endedAt.map(StateStore.timestamp))),
            ("nodes", .array(run.nodeOutcomes.map { outcome in
                .object([
                    ("node", .string(outcome.node)), ("status", .string(outcome.status)),
                    ("seconds", .double(outcome.seconds)), ("message", .string(outcome.message)),
                ])
            })),
        ]
        if withLogs { fields.append(("logs", .string(run.logs ?? ""))) }
        return .object(fields)
    }

    // MARK: - Responses

    func json(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        var response = Self.text(value.encoded(), contentType: "application/json")
        response.status = status
        return response
    }

    static func text(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Lets the row callback write to the response: the writer is passed `inout` to the body closure and cannot be
/// captured, but a copy writes to the same connection, and batches arrive one after another.
private final class WriterBox: @unchecked Sendable {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) { self.writer = writer }

    func write(_ text: String) async throws { try await writer.write(ByteBuffer(string: text)) }
}
