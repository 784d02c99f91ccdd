public import Foundation
public import StrataDiagnostics

/// What `strata serve` runs and offers, read from `strata.yml` (beside `dbt_project.yml` in a dbt project, where dbt
/// ignores it):
///
/// ```yaml
/// schedules:
///   - name: nightly
///     cron: "0 3 * * *"              # five fields, or @hourly / @daily / ...
///     timezone: Europe/Berlin         # default UTC
///     command: build                  # build | sync | replicate | test
///     select: [tag:nightly]           # optional, node selection as on the command line
///     exclude: [marts.slow]
///     retries: 2                      # extra attempts after a failed run (default 0)
///     retry_delay: 5m                 # default 1m
/// exports:
///   - name: orders_csv
///     model: marts.orders
///     format: csv                     # csv | jsonl (a file), or give url: for HTTP
///     path: exports/orders.csv        # relative to the project
///   - name: crm
///     model: marts.customers
///     url: https://crm.example.com/import
///     headers: {Authorization: "Bearer {{ env_var('CRM_TOKEN') }}"}
///     batch_size: 500
///     retries: 3
///     dead_letter: target/dead_letter/crm.jsonl
///     after_build: true               # default true: runs after the model builds
/// serve:
///   host: 127.0.0.1
///   port: 8080
///   read_role: strata_reader          # PostgreSQL: data is read through this role
///   tokens:
///     - name: dashboards
///       token: "{{ env_var('DASHBOARD_TOKEN') }}"
///       scopes: [read]                # read: data and metadata; run: trigger runs
/// ```
public struct ServiceConfig: Sendable {
    /// The file it came from; nil when the project has none.
    public var file: SourceFile?
    public var schedules: [ScheduleDefinition] = []
    public var exports: [ExportDefinition] = []
    public var serve = ServeSettings()

    public init(file: SourceFile? = nil) { self.file = file }
}

/// The command a schedule runs.
public enum ScheduledCommand: String, Sendable, CaseIterable, Codable {
    case build, sync, replicate, test
}

/// One entry of `schedules:`.
public struct ScheduleDefinition: Sendable {
    public var name: String
    public var cron: CronExpression
    public var timeZone: TimeZone
    public var command: ScheduledCommand
    public var select: [String]
    public var exclude: [String]
    /// Extra attempts after a failed run.
    public var retries: Int
    public var retryDelay: TimeInterval
    /// The entry in the file.
    public var span: SourceSpan

    public init(
        name: String, cron: CronExpression, timeZone: TimeZone = TimeZone(identifier: "UTC")!,
        command: ScheduledCommand = .build, select: [String] = [], exclude: [String] = [], retries: Int = 0,
        retryDelay: TimeInterval = 60, span: SourceSpan = .point(0)
    ) {
        self.name = name
        self.cron = cron
        self.timeZone = timeZone
        self.command = command
        self.select = select
        self.exclude = exclude
        self.retries = retries
        self.retryDelay = retryDelay
        self.span = span
    }
}

/// One entry of `exports:`: a model written to a file or posted to an HTTP endpoint.
public struct ExportDefinition: Sendable {
    /// Where the rows go.
    public enum Destination: Sendable, Equatable {
        /// A file, relative to the project root unless absolute.
        case file(path: String, format: ExportFormat)
        /// Rows POSTed as JSON arrays of objects, `batchSize` at a time.
        case http(url: URL, headers: [String: String], batchSize: Int, retries: Int, deadLetter: String)
    }

    public var name: String
    /// The model as written (`marts.orders`, `orders` or a unique id); resolved against the compiled project.
    public var model: String
    public var destination: Destination
    /// Whether `build`/`sync` run the export after the model builds.
    public var afterBuild: Bool
    public var span: SourceSpan
    /// Where `model:` is written, to point at an unknown model.
    public var modelSpan: SourceSpan
}

/// File formats exports and the data API stream.
public enum ExportFormat: String, Sendable, CaseIterable {
    case csv, jsonl
}

/// A bearer token and what it may do.
public struct APIToken: Sendable {
    public enum Scope: String, Sendable, CaseIterable {
        /// Read data, metadata and run history.
        case read
        /// Trigger runs.
        case run
    }

    public var name: String
    public var token: String
    public var scopes: Set<Scope>

    public init(name: String, token: String, scopes: Set<Scope>) {
        self.name = name
        self.token = token
        self.scopes = scopes
    }
}

/// `serve:` settings.
public struct ServeSettings: Sendable {
    public var host: String?
    public var port: Int?
    /// A PostgreSQL role the data API switches to (`SET ROLE`) for every read.
    public var readRole: String?
    public var tokens: [APIToken] = []

    public init() {}
}

extension ServiceConfig {
    /// The diagnostic codes of service config problems.
    static let malformed: DiagnosticCode = "V9001"
    static let unknownKey: DiagnosticCode = "V9002"

    /// Reads `schedules:`, `exports:` and `serve:` from the project's `strata.yml`, if it has one; other keys are
    /// the project loader's. Tokens may also come from the environment: `STRATA_API_TOKEN` (read and run) and
    /// `STRATA_API_READ_TOKEN` (read only).
    /// - Parameter serve: false leaves `serve:` out: building, exporting and writing DAGs must not depend on the
    ///   server's tokens, whose environment variables only the server may have.
    /// - Returns: the config (empty without a file), or nil when an error was reported.
    public static func load(
        projectRoot: String, diagnostics: DiagnosticCollector,
        environment: [String: String] = ProcessInfo.processInfo.environment, serve: Bool = true
    ) -> ServiceConfig? {
        let path = (projectRoot as NSString).appendingPathComponent("strata.yml")
        var config: ServiceConfig
        if FileManager.default.fileExists(atPath: path) {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                diagnostics.emit(Diagnostic(code: "P1002", message: "cannot read strata.yml", path: "strata.yml"))
                return nil
            }
            guard let parsed = parse(SourceFile(path: "strata.yml", text: text), diagnostics: diagnostics, serve: serve) else { return nil }
            config = parsed
        } else {
            config = ServiceConfig()
        }
        guard serve else { return config }
        if let token = environment["STRATA_API_TOKEN"], !token.isEmpty {
            config.serve.tokens.append(APIToken(name: "STRATA_API_TOKEN", token: token, scopes: [.read, .run]))
        }
        if let token = environment["STRATA_API_READ_TOKEN"], !token.isEmpty {
            config.serve.tokens.append(APIToken(name: "STRATA_API_READ_TOKEN", token: token, scopes: [.read]))
        }
        return config
    }

    /// Parses the service keys of a `strata.yml` (without `serve:` when `serve` is false).
    /// - Returns: the config, or nil when an error was reported.
    public static func parse(_ file: SourceFile, diagnostics: DiagnosticCollector, serve: Bool = true) -> ServiceConfig? {
        let root: YAMLNode?
        do {
            root = try YAMLParser.parse(file)
        } catch {
            diagnostics.emit(error)
            return nil
        }
        var config = ServiceConfig(file: file)
        guard let root else { return config }
        var reader = ConfigReader(file: file, diagnostics: diagnostics, code: malformed, unknownKeyCode: unknownKey)
        if let node = root["schedules"] {
            config.schedules = reader.list(node, key: "schedules").compactMap { reader.schedule($0) }
            reader.checkUnique(config.schedules.map { ($0.name, $0.span) }, what: "schedule")
        }
        if let node = root["exports"] {
            config.exports = reader.list(node, key: "exports").compactMap { reader.export($0) }
            reader.checkUnique(config.exports.map { ($0.name, $0.span) }, what: "export")
        }
        if serve, let node = root["serve"] { config.serve = reader.serve(node) }
        return reader.failed ? nil : config
    }
}

extension ConfigReader {
    mutating func list(_ node: YAMLNode, key: String) -> [YAMLNode] {
        guard case .sequence(let items) = node.kind else {
            error("'\(key)' must be a list", at: node.span)
            return []
        }
        return items
    }

    mutating func checkUnique(_ names: [(String, SourceSpan)], what: String) {
        var seen: [String: SourceSpan] = [:]
        for (name, span) in names {
            if let first = seen[name] {
                error("two \(what)s are named '\(name)' (the other is at line \(file.location(of: first.start).line))", at: span)
            }
            seen[name] = span
        }
    }

    /// A name list given as one string (`"tag:a tag:b"`) or a YAML list.
    mutating func selectors(_ node: YAMLNode, key: String) -> [String] {
        if let text = node.stringValue { return text.split(separator: " ").map(String.init) }
        return node.items.compactMap { item in
            guard let text = item.stringValue else {
                error("'\(key)' must list selectors", at: item.span)
                return nil
            }
            return text
        }
    }

    mutating func positiveInt(_ node: YAMLNode, key: String, allowZero: Bool = false) -> Int? {
        guard let text = node.stringValue, let value = Int(text), value > 0 || (allowZero && value == 0) else {
            error("'\(key)' must be a \(allowZero ? "non-negative" : "positive") whole number", at: node.span)
            return nil
        }
        return value
    }

    mutating func schedule(_ node: YAMLNode) -> ScheduleDefinition? {
        guard node.isMapping else {
            error("a schedule must be a mapping with 'name', 'cron' and 'command'", at: node.span)
            return nil
        }
        checkKeys(node, allowed: ["name", "cron", "timezone", "command", "select", "exclude", "retries", "retry_delay"], what: "a schedule")
        guard let name = node["name"].flatMap({ string($0, key: "name") }) else {
            if node["name"] == nil { error("a schedule needs a 'name'", at: node.span) }
            return nil
        }
        guard let cronNode = node["cron"], let cronText = string(cronNode, key: "cron") else {
            if node["cron"] == nil { error("schedule '\(name)' needs a 'cron' expression such as \"0 3 * * *\"", at: node.span) }
            return nil
        }
        let cron: CronExpression
        do {
            cron = try CronExpression(cronText)
        } catch {
            self.error("schedule '\(name)': \(error.message)", at: cronNode.span, help: "minute hour day-of-month month day-of-week, e.g. \"*/15 * * * *\"")
            return nil
        }
        var schedule = ScheduleDefinition(name: name, cron: cron, span: node.span)
        if let zoneNode = node["timezone"], let zoneName = string(zoneNode, key: "timezone") {
            if let zone = TimeZone(identifier: zoneName) {
                schedule.timeZone = zone
            } else {
                error("unknown time zone '\(zoneName)'", at: zoneNode.span, help: "use an IANA name such as Europe/Berlin or UTC")
            }
        }
        if let commandNode = node["command"], let text = string(commandNode, key: "command") {
            if let command = ScheduledCommand(rawValue: text) {
                schedule.command = command
            } else {
                error(
                    "unknown command '\(text)' in schedule '\(name)'", at: commandNode.span,
                    help: "one of \(ScheduledCommand.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        schedule.select = node["select"].map { selectors($0, key: "select") } ?? []
        schedule.exclude = node["exclude"].map { selectors($0, key: "exclude") } ?? []
        if let retries = node["retries"] { schedule.retries = positiveInt(retries, key: "retries", allowZero: true) ?? 0 }
        if let delayNode = node["retry_delay"], let text = string(delayNode, key: "retry_delay") {
            if case .interval(let seconds) = FullResync.parse(text) {
                schedule.retryDelay = seconds
            } else if let seconds = Double(text), seconds >= 0 {
                schedule.retryDelay = seconds
            } else {
                error("'retry_delay' must be a number of seconds or an interval (30s, 5m, 1h)", at: delayNode.span)
            }
        }
        return schedule
    }

    mutating func export(_ node: YAMLNode) -> ExportDefinition? {
        guard node.isMapping else {
            error("an export must be a mapping with 'name', 'model' and a 'path' or 'url'", at: node.span)
            return nil
        }
        checkKeys(
            node, allowed: ["name", "model", "format", "path", "url", "headers", "batch_size", "retries", "dead_letter", "after_build"],
            what: "an export")
        guard let name = node["name"].flatMap({ string($0, key: "name") }) else {
            if node["name"] == nil { error("an export needs a 'name'", at: node.span) }
            return nil
        }
        guard let modelNode = node["model"], let model = string(modelNode, key: "model") else {
            if node["model"] == nil { error("export '\(name)' needs the 'model' it writes", at: node.span) }
            return nil
        }
        let afterBuild = node["after_build"].map { $0.value.boolValue ?? true } ?? true
        switch (node["path"], node["url"]) {
        case (let pathNode?, nil):
            guard let path = string(pathNode, key: "path") else { return nil }
            var format: ExportFormat = path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonl : .csv
            if let formatNode = node["format"], let text = string(formatNode, key: "format") {
                guard let given = ExportFormat(rawValue: text) else {
                    error("unknown export format '\(text)'", at: formatNode.span, help: "csv or jsonl")
                    return nil
                }
                format = given
            }
            return ExportDefinition(
                name: name, model: model, destination: .file(path: path, format: format), afterBuild: afterBuild,
                span: node.span, modelSpan: modelNode.span)
        case (nil, let urlNode?):
            guard let text = rendered(urlNode, key: "url") else { return nil }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                error("'url' must be an http:// or https:// address", at: urlNode.span)
                return nil
            }
            var headers: [String: String] = [:]
            if let headersNode = node["headers"] {
                if !headersNode.isMapping { error("'headers' must be a mapping of header names to values", at: headersNode.span) }
                for (key, value) in headersNode.pairs {
                    guard let header = key.stringValue, let text = rendered(value, key: header) else { continue }
                    headers[header] = text
                }
            }
            let batchSize = node["batch_size"].flatMap { positiveInt($0, key: "batch_size") } ?? 500
            let retries = node["retries"].flatMap { positiveInt($0, key: "retries", allowZero: true) } ?? 3
            let deadLetter = node["dead_letter"].flatMap { string($0, key: "dead_letter") } ?? "target/dead_letter/\(name).jsonl"
            return ExportDefinition(
                name: name, model: model,
                destination: .http(url: url, headers: headers, batchSize: batchSize, retries: retries, deadLetter: deadLetter),
                afterBuild: afterBuild, span: node.span, modelSpan: modelNode.span)
        case (.some, .some):
            error("export '\(name)' gives both 'path' and 'url'", at: node.keyNode("url")!.span, help: "an export writes a file or posts to a URL, not both")
            return nil
        case (nil, nil):
            error("export '\(name)' needs a 'path' (a CSV or JSON-lines file) or a 'url' (HTTP POST)", at: node.span)
            return nil
        }
    }

    mutating func serve(_ node: YAMLNode) -> ServeSettings {
        var settings = ServeSettings()
        guard node.isMapping else {
            error("'serve' must be a mapping (host, port, read_role, tokens)", at: node.span)
            return settings
        }
        checkKeys(node, allowed: ["host", "port", "read_role", "tokens"], what: "serve")
        settings.host = node["host"].flatMap { string($0, key: "host") }
        if let portNode = node["port"] {
            if let port = Int(portNode.stringValue ?? ""), (0...65535).contains(port) {
                settings.port = port
            } else {
                error("'port' must be a number from 0 to 65535", at: portNode.span)
            }
        }
        settings.readRole = node["read_role"].flatMap { string($0, key: "read_role") }
        for item in node["tokens"].map({ list($0, key: "tokens") }) ?? [] {
            guard item.isMapping else {
                error("a token must be a mapping with 'name', 'token' and 'scopes'", at: item.span)
                continue
            }
            checkKeys(item, allowed: ["name", "token", "scopes"], what: "a token")
            let name = item["name"].flatMap { string($0, key: "name") } ?? "token \(settings.tokens.count + 1)"
            guard let tokenNode = item["token"], let token = rendered(tokenNode, key: "token") else {
                if item["token"] == nil { error("token '\(name)' needs a 'token' value (use env_var to keep it out of the file)", at: item.span) }
                continue
            }
            if token.count < 16 {
                error("token '\(name)' is shorter than 16 characters", at: tokenNode.span, help: "generate one with: openssl rand -hex 24")
            }
            var scopes: Set<APIToken.Scope> = [.read]
            if let scopesNode = item["scopes"] {
                scopes = []
                for scope in selectors(scopesNode, key: "scopes") {
                    if let parsed = APIToken.Scope(rawValue: scope) {
                        scopes.insert(parsed)
                    } else {
                        error("unknown scope '\(scope)' for token '\(name)'", at: scopesNode.span, help: "read or run")
                    }
                }
            }
            settings.tokens.append(APIToken(name: name, token: token, scopes: scopes))
        }
        return settings
    }
}
