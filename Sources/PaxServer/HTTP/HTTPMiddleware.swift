import Foundation
import Hummingbird
import Logging

/// Records every request's route, status and latency in `RequestMetrics`, and logs one line
/// per request (method, route, status, milliseconds, remote) — never headers or bodies.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = AgencyRequestContext
    let metrics: RequestMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let status: Int
        do {
            let response = try await next(request, context)
            status = response.status.code
            await finish(request, context, status: status, start: start)
            return response
        } catch {
            status = (error as? any HTTPResponseError)?.status.code ?? 500
            await finish(request, context, status: status, start: start)
            throw error
        }
    }

    private func finish(_ request: Request, _ context: Context, status: Int, start: ContinuousClock.Instant) async {
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let route = context.endpointPath ?? "unmatched"
        await metrics.record(route: route, method: request.method.rawValue, status: status, seconds: seconds)
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
            "ms": "\(Int((seconds * 1000).rounded()))", "remote": "\(context.remoteAddress)",
        ])
    }
}

/// JSON error bodies: `{"error": CODE, "reason": TEXT}`.
enum HTTPErrorBody {
    static func response(status: HTTPResponse.Status, code: String, reason: String) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(["error": code, "reason": reason])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The body bytes of an error (for an `IntakeResponse`).
    static func bytes(code: String, reason: String) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array((try? encoder.encode(["error": code, "reason": reason])) ?? Data())
    }

    /// The `error` code of an error body, if it is one.
    static func code(in body: [UInt8]) -> String? {
        guard body.count < 65_536,
              let object = try? JSONDecoder().decode([String: String].self, from: Data(body)) else { return nil }
        return object["error"]
    }
}
