import Foundation
import StrataCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Exports' HTTP client: Foundation's URLSession, with a timeout per request so a silent endpoint fails the
/// attempt (and is retried) instead of hanging the export.
struct URLSessionTransport: HTTPTransport {
    let session: URLSession
    let timeout: TimeInterval

    init(timeout: TimeInterval = 30) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    /// A request that got no answer, said plainly.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func post(_ body: [UInt8], to url: URL, headers: [String: String]) async throws -> HTTPReply {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        do {
            let (data, response) = try await session.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return HTTPReply(status: status, body: String(decoding: data.prefix(300), as: UTF8.self))
        } catch let error as URLError {
            switch error.code {
            case .timedOut: throw Failure(description: "no answer within \(Int(timeout))s")
            case .cannotConnectToHost, .networkConnectionLost:
                throw Failure(description: "cannot connect to \(url.host ?? url.absoluteString)")
            default: throw Failure(description: "\(error.localizedDescription) (URLError \(error.code.rawValue))")
            }
        }
    }
}
