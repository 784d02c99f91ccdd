public import Foundation
public import StrataDiagnostics

/// How to reach the warehouse.
public enum ConnectionConfig: Sendable, Hashable {
    /// An SQLite database file.
    case sqlite(path: String)
    /// A PostgreSQL server.
    case postgres(PostgresConnectionConfig)
}

/// PostgreSQL connection settings; the password is kept out of every printed form.
public struct PostgresConnectionConfig: Sendable, Hashable, CustomStringConvertible {
    /// Host name or address.
    public var host: String
    /// Port.
    public var port: Int
    /// User name.
    public var user: String
    /// Password, if any (may also come from `.pgpass` at connect time).
    public var password: String?
    /// Database name.
    public var database: String
    /// `disable`, `prefer`, `require`, `verify-ca`, `verify-full`.
    public var sslMode: String

    /// Creates settings.
    public init(host: String, port: Int, user: String, password: String?, database: String, sslMode: String = "prefer") {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    public var description: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}

/// A resolved target: what templates see as `target`, plus how to connect.
public struct ResolvedTarget: Sendable {
    /// What templates see.
    public var info: TargetInfo
    /// How to connect.
    public var connection: ConnectionConfig
}

/// Decides the warehouse from `--target-url`, `profiles.yml`, `strata.yml` targets or the embedded default.
public struct TargetResolver: Sendable {
    let fileSystem: any FileSystem
    let environment: [String: String]
    let renderText: @Sendable (String, SourceFile) throws(Diagnostic) -> String

    /// Creates a resolver.
    /// - Parameters:
    ///   - fileSystem: where profiles are read.
    ///   - environment: environment variables (for `DBT_PROFILES_DIR` and `env_var()`).
    ///   - renderText: renders `{{ env_var(...) }}` in profile files.
    public init(
        fileSystem: any FileSystem = LocalFileSystem(), environment: [String: String] = ProcessInfo.processInfo.environment,
        renderText: @escaping @Sendable (String, SourceFile) throws(Diagnostic) -> String
    ) {
        self.fileSystem = fileSystem
        self.environment = environment
        self.renderText = renderText
    }

    /// Resolves the target.
    /// - Parameters:
    ///   - project: the loaded project.
    ///   - targetName: `--target`, if given.
    ///   - targetURL: `--target-url`, if given.
    ///   - profilesDir: `--profiles-dir`, if given.
    ///   - threads: `--threads`, if given.
    /// - Returns: the target.
    /// - Throws: a `P1050`-range diagnostic for a missing profile or target, or a bad URL.
    public func resolve(project: Project, targetName: String?, targetURL: String?, profilesDir: String?, threads: Int?) throws(Diagnostic) -> ResolvedTarget {
        let defaultThreads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if let targetURL {
            return try fromURL(targetURL, project: project, name: targetName ?? "url", threads: defaultThreads)
        }
        if project.layout == .dbt, let profile = try loadProfile(project: project, profilesDir: profilesDir) {
            return try fromProfile(profile, project: project, targetName: targetName, threads: threads)
        }
        if let name = targetName ?? project.settings.defaultTarget, let output = project.settings.targets[name]?.dictValue {
            return try fromOutput(output, name: name, profileName: project.name, project: project, threads: threads, file: nil)
        }
        if let targetName {
            throw Diagnostic(
                code: "P1051", message: "no target named '\(targetName)'",
                help: "define it under 'targets:' in strata.yml or in profiles.yml, or pass --target-url")
        }
        let path = PathText.join(project.rootPath, project.settings.targetPath, "\(project.name).sqlite")
        return ResolvedTarget(info: TargetInfo(name: "dev", type: "sqlite", schema: "main", database: "main", threads: defaultThreads, profileName: project.name), connection: .sqlite(path: path))
    }

    private func fromURL(_ url: String, project: Project, name: String, threads: Int) throws(Diagnostic) -> ResolvedTarget {
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            if path.isEmpty { path = "." }
            let lower = path.lowercased()
            if !(lower.hasSuffix(".db") || lower.hasSuffix(".sqlite") || lower.hasSuffix(".sqlite3")) {
                path = PathText.join(path, "\(project.name).sqlite")
            }
            return ResolvedTarget(
                info: TargetInfo(name: name, type: "sqlite", schema: "main", database: "main", threads: threads, profileName: project.name),
                connection: .sqlite(path: PathText.absolute(path)))
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://"), let components = URLComponents(string: url) {
            let database = String(components.path.drop(while: { $0 == "/" }))
            let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }) { $1 }
            let config = PostgresConnectionConfig(
                host: components.host ?? "127.0.0.1", port: components.port ?? 5432,
                user: components.user ?? environment["PGUSER"] ?? environment["USER"] ?? "postgres",
                password: components.password ?? environment["PGPASSWORD"], database: database.isEmpty ? "postgres" : database,
                sslMode: query["sslmode"] ?? "prefer")
            let schema = query["schema"] ?? "public"
            return ResolvedTarget(
                info: TargetInfo(name: name, type: "postgres", schema: schema, database: config.database, threads: threads, profileName: project.name),
                connection: .postgres(config))
        }
        throw Diagnostic(
            code: "P1052", message: "unsupported --target-url '\(url)'",
            help: "use sqlite:PATH (a .sqlite file or a folder) or postgresql://user@host:port/database")
    }

    private struct LoadedProfile {
        var name: String
        var node: YAMLNode
        var file: SourceFile
    }

    private func loadProfile(project: Project, profilesDir: String?) throws(Diagnostic) -> LoadedProfile? {
        var candidates: [String] = []
        if let profilesDir { candidates.append(PathText.absolute(profilesDir)) }
        candidates.append(project.rootPath)
        if let fromEnvironment = environment["DBT_PROFILES_DIR"] { candidates.append(fromEnvironment) }
        if let home = environment["HOME"] { candidates.append(PathText.join(home, ".dbt")) }
        guard let directory = candidates.first(where: { fileSystem.exists(PathText.join($0, "profiles.yml")) }) else {
            if profilesDir != nil {
                throw Diagnostic(code: "P1053", message: "no profiles.yml in '\(profilesDir!)'", path: profilesDir)
            }
            return nil
        }
        let path = PathText.join(directory, "profiles.yml")
        let text: String
        do { text = try fileSystem.readText(path) } catch {
            throw Diagnostic(code: "P1002", message: "cannot read \(path)", path: path)
        }
        let display = directory == project.rootPath ? "profiles.yml" : path
        let raw = SourceFile(path: display, text: text)
        let rendered = SourceFile(path: display, text: try renderText(text, raw))
        guard let root = try YAMLParser.parse(rendered) else { return nil }
        let profileName = project.settings.profile ?? project.name
        guard let profile = root[profileName] else {
            let known = root.pairs.compactMap { $0.key.stringValue }.filter { $0 != "config" }
            throw Diagnostic(
                code: "P1054", message: "profile '\(profileName)' not found in \(display)",
                help: EditDistance.suggestion(for: profileName, among: known).map { "did you mean '\($0)'?" } ?? "add a '\(profileName):' entry", path: display)
        }
        return LoadedProfile(name: profileName, node: profile, file: rendered)
    }

    private func fromProfile(_ profile: LoadedProfile, project: Project, targetName: String?, threads: Int?) throws(Diagnostic) -> ResolvedTarget {
        let name = targetName ?? profile.node["target"]?.stringValue ?? "dev"
        guard let output = profile.node["outputs"]?[name]?.value.dictValue else {
            let known = profile.node["outputs"]?.pairs.compactMap { $0.key.stringValue } ?? []
            throw Diagnostic(
                code: "P1051", message: "target '\(name)' not found in profile '\(profile.name)'",
                help: EditDistance.suggestion(for: name, among: known).map { "did you mean '\($0)'?" } ?? "known targets: \(known.joined(separator: ", "))",
                path: profile.file.path)
        }
        return try fromOutput(output, name: name, profileName: profile.name, project: project, threads: threads, file: profile.file)
    }

    private func fromOutput(_ output: [String: ConfigValue], name: String, profileName: String, project: Project, threads: Int?, file: SourceFile?) throws(Diagnostic) -> ResolvedTarget {
        let type = output["type"]?.stringValue ?? "sqlite"
        let threadCount = threads ?? output["threads"]?.intValue ?? ProcessInfo.processInfo.activeProcessorCount
        var extra = output
        for secret in ["password", "pass"] { extra.removeValue(forKey: secret) }
        switch type {
        case "sqlite":
            let schema = output["schema"]?.stringValue ?? "main"
            var path = output["path"]?.stringValue
            if path == nil, let paths = output["schemas_and_paths"]?.dictValue {
                path = paths[schema]?.stringValue ?? paths["main"]?.stringValue ?? paths.values.first?.stringValue
            }
            let resolved = path.map { $0.hasPrefix("/") ? $0 : PathText.join(project.rootPath, $0) }
                ?? PathText.join(project.rootPath, project.settings.targetPath, "\(project.name).sqlite")
            return ResolvedTarget(
                info: TargetInfo(name: name, type: "sqlite", schema: schema, database: output["database"]?.stringValue ?? "main", threads: threadCount, profileName: profileName, extra: extra),
                connection: .sqlite(path: PathText.normalize(resolved)))
        case "postgres", "postgresql", "redshift":
            if let url = output["url"]?.stringValue {
                var target = try fromURL(url, project: project, name: name, threads: threadCount)
                target.info.schema = output["schema"]?.stringValue ?? target.info.schema
                return target
            }
            let config = PostgresConnectionConfig(
                host: output["host"]?.stringValue ?? "127.0.0.1", port: output["port"]?.intValue ?? 5432,
                user: output["user"]?.stringValue ?? output["username"]?.stringValue ?? "postgres",
                password: output["password"]?.stringValue ?? output["pass"]?.stringValue,
                database: output["dbname"]?.stringValue ?? output["database"]?.stringValue ?? "postgres",
                sslMode: output["sslmode"]?.stringValue ?? "prefer")
            return ResolvedTarget(
                info: TargetInfo(name: name, type: "postgres", schema: output["schema"]?.stringValue ?? "public", database: config.database, threads: threadCount, profileName: profileName, extra: extra),
                connection: .postgres(config))
        default:
            throw Diagnostic(
                code: "P1055", message: "unsupported adapter type '\(type)' in target '\(name)'",
                help: "Strata supports the types sqlite and postgres", path: file?.path)
        }
    }
}
