import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Serves the generated docs site (`target/docs/`) over HTTP on one address.
///
/// Files are read on every request, so a site generated again while the server runs is served at once. With
/// live reload, the page asks `/__strata/generation` every second and reloads when the number changes; the
/// caller bumps it after writing a new site.
public struct DocsServer: Sendable {
    /// The folder holding `index.html` and `docs.json`.
    public let directory: String
    /// Host to listen on.
    public let host: String
    /// Port to listen on; 0 picks a free one.
    public let port: Int
    /// Counts regenerations of the site; nil turns live reload off.
    public let generation: SiteGeneration?

    /// Creates a server.
    public init(directory: String, host: String = "127.0.0.1", port: Int = 8080, generation: SiteGeneration? = nil) {
        self.directory = directory
        self.host = host
        self.port = port
        self.generation = generation
    }

    /// Serves until SIGINT or SIGTERM.
    /// - Parameter onListening: called with the bound port once the server accepts connections.
    /// - Throws: when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (Int) -> Void) async throws {
        try await makeApplication(router: router(), host: host, port: port, label: "strata.docs", onListening: onListening)
            .runService()
    }

    func router() -> Router<BasicRequestContext> {
        let router = Router()
        addRoutes(to: router)
        router.get("/health") { _, _ in Self.response("{\"status\":\"ok\"}", contentType: "application/json") }
        return router
    }

    /// The site's routes, also served by `strata serve`.
    func addRoutes(to router: Router<BasicRequestContext>) {
        let site = self
        router.get("/") { _, _ in try site.page() }
        router.get("/index.html") { _, _ in try site.page() }
        router.get("/docs.json") { _, _ in try site.file("docs.json", contentType: "application/json") }
        router.get("/code/:chunk") { _, context in
            // Only `<number>.js`: the name goes into a file path.
            guard let chunk = context.parameters.get("chunk"), chunk.hasSuffix(".js"),
                let number = Int(chunk.dropLast(3)), number >= 0
            else { throw HTTPError(.notFound) }
            return try site.file("code/\(number).js", contentType: "text/javascript; charset=utf-8")
        }
        router.get("/__strata/generation") { _, _ in
            guard let generation = site.generation else { throw HTTPError(.notFound) }
            return Self.response("\(generation.value)", contentType: "text/plain; charset=utf-8")
        }
    }

    /// `index.html`, with the live-reload poller added when live reload is on.
    func page() throws -> Response {
        let html = try text("index.html")
        guard let generation else { return Self.response(html, contentType: "text/html; charset=utf-8") }
        let poller = """
            <script>(function () { var seen = "\(generation.value)"; setInterval(function () {
              fetch("/__strata/generation", { cache: "no-store" }).then(function (r) { return r.text(); })
                .then(function (g) { if (g !== seen) location.reload(); }).catch(function () {}); }, 1000); })();</script>
            """
        let injected = html.replacingOccurrences(of: "</body>", with: poller + "</body>")
        return Self.response(injected, contentType: "text/html; charset=utf-8")
    }

    func file(_ name: String, contentType: String) throws -> Response {
        Self.response(try text(name), contentType: contentType)
    }

    func text(_ name: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: directory + "/" + name) else {
            throw HTTPError(.notFound, message: "\(name) has not been generated; run strata docs generate")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func response(_ text: String, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The number of times the docs site was written since the server started.
public final class SiteGeneration: Sendable {
    private let counter = Mutex(0)

    /// Creates a counter at 0.
    public init() {}

    /// The current generation.
    public var value: Int { counter.withLock { $0 } }

    /// Records that the site was written again.
    public func advance() { counter.withLock { $0 += 1 } }
}

/// A Hummingbird application on one address that logs only warnings and reports the port it bound (port 0 picks a
/// free one); it stops on SIGINT or SIGTERM.
func makeApplication(
    router: Router<BasicRequestContext>, host: String, port: Int, label: String,
    onListening: @escaping @Sendable (Int) -> Void
) -> some ApplicationProtocol {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return Application(
        router: router, configuration: .init(address: .hostname(host, port: port), serverName: "strata"),
        onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) }, logger: logger)
}

