import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import StrataCore

/// Exports' HTTP client: AsyncHTTPClient on SwiftNIO, which the binary already carries for PostgreSQL and the
/// server. (Foundation's URLSession links libcurl and some thirty shared libraries that every command then loads
/// at start-up, about 18 ms, for the rare export that posts.) Each request has a deadline, so a silent endpoint
/// fails the attempt (and is retried) instead of hanging the export.
struct HTTPClientTransport: HTTPTransport {
    let timeout: TimeInterval

    init(timeout: TimeInterval = 30) {
        self.timeout = timeout
    }

    /// One client for the process (never shut down: it lives as long as the command). A refused connection
    /// fails the attempt at once, for the export's own retries to handle, instead of being retried inside the
    /// client until the request's deadline.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            certificateVerification: .fullVerification, timeout: .init(connect: .seconds(10)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// A request that got no answer, said plainly.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func post(_ body: [UInt8], to url: URL, headers: [String: String]) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await Self.client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // Only the start of the answer is shown in messages; the rest is read and dropped.
            var start = ByteBuffer()
            for try await part in response.body where start.readableBytes < 300 {
                var part = part
                start.writeBuffer(&part)
            }
            let text = start.readString(length: min(start.readableBytes, 300)) ?? ""
            return HTTPReply(status: Int(response.status.code), body: text)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw Failure(description: "no answer within \(Int(timeout))s")
        } catch let error as HTTPClientError where error == .connectTimeout || error == .remoteConnectionClosed {
            throw Failure(description: "cannot connect to \(url.host ?? url.absoluteString) (\(error))")
        } catch let error as NIOConnectionError {
            throw Failure(description: "cannot connect to \(url.host ?? url.absoluteString): \(error.connectionErrors.first?.error ?? error)")
        } catch let error as IOError {
            throw Failure(description: "cannot connect to \(url.host ?? url.absoluteString): \(String(cString: strerror(error.errnoCode)))")
        }
    }
}
