extension TestHTTPServer {
    /// A scripted answer to a request.
    ///
    /// Build one with a factory (`.ok`, `.status`, `.redirect`, `.handler`, `.raw`) and adjust it
    /// with modifiers (`.header`, `.delayed`, `.trickled`, `.closingConnection`, `.framed`):
    /// ```swift
    /// server.route("/feed.xml", .ok("<rss/>").header("ETag", "\"v1\""))
    /// server.route("/slow", .ok("x").delayed(by: .seconds(5)))
    /// ```
    public struct Response: Sendable {
        /// How the body's end is signalled to the client.
        public enum Framing: Sendable, Hashable {
            /// `Content-Length` with the true body size (the default).
            case contentLength
            /// `Content-Length` with this value, whatever the body size (a lying server).
            case declaredLength(Int)
            /// No `Content-Length`: the body ends when the connection closes.
            case closeDelimited
            /// `Transfer-Encoding: chunked`, one chunk per write.
            case chunked
        }

        /// HTTP status code.
        public var status: Int
        /// Extra headers, in order (the server adds `Content-Length`/`Transfer-Encoding` and `Connection: close`).
        public var headers: [(name: String, value: String)]
        /// Body bytes, sent as they are (encode them yourself for `Content-Encoding`).
        public var body: [UInt8]
        /// How the body is framed.
        public var framing: Framing = .contentLength
        /// Time to wait after reading the request before answering anything.
        public var delay: Duration = .zero
        /// Send the body `bytes` at a time with `interval` between writes.
        public var trickle: (bytes: Int, interval: Duration)?
        /// Close the connection after this many body bytes (a server dying mid-body).
        public var closeAfterBodyBytes: Int?
        /// Bytes sent instead of a formatted response (garbage, broken HTTP); then the connection closes.
        public var raw: [UInt8]?
        /// Computes the response from the request; the result's own settings apply.
        public var handler: (@Sendable (Request) -> Response)?

        /// A response with the given status, headers and body.
        public init(status: Int = 200, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// 200 with a UTF-8 text body.
        public static func ok(_ text: String, contentType: String = "application/xml; charset=utf-8") -> Response {
            ok(bytes: Array(text.utf8), contentType: contentType)
        }

        /// 200 with a byte body.
        public static func ok(bytes: [UInt8], contentType: String = "application/octet-stream") -> Response {
            Response(status: 200, headers: [("Content-Type", contentType)], body: bytes)
        }

        /// A status with an empty body (304, 404, 500...).
        public static func status(_ status: Int) -> Response {
            Response(status: status)
        }

        /// A redirect to `location` (absolute URL or path).
        public static func redirect(to location: String, status: Int = 302) -> Response {
            Response(status: status, headers: [("Location", location)])
        }

        /// A response computed per request, e.g. 304 when `If-None-Match` matches.
        public static func handler(_ handler: @escaping @Sendable (Request) -> Response) -> Response {
            var response = Response()
            response.handler = handler
            return response
        }

        /// Raw bytes instead of HTTP.
        public static func raw(_ bytes: [UInt8]) -> Response {
            var response = Response()
            response.raw = bytes
            return response
        }

        /// This response with one more header.
        public func header(_ name: String, _ value: String) -> Response {
            var copy = self
            copy.headers.append((name, value))
            return copy
        }

        /// This response, answered only after `delay` (a server that hangs).
        public func delayed(by delay: Duration) -> Response {
            var copy = self
            copy.delay = delay
            return copy
        }

        /// This response with its body sent `bytes` at a time, `interval` apart.
        public func trickled(bytes: Int, every interval: Duration) -> Response {
            var copy = self
            copy.trickle = (max(1, bytes), interval)
            return copy
        }

        /// This response, with the connection closed after `bytes` body bytes.
        public func closingConnection(afterBodyBytes bytes: Int) -> Response {
            var copy = self
            copy.closeAfterBodyBytes = bytes
            return copy
        }

        /// This response with the given body framing.
        public func framed(_ framing: Framing) -> Response {
            var copy = self
            copy.framing = framing
            return copy
        }
    }

    /// A request the server received.
    public struct Request: Sendable, Hashable {
        /// The method, e.g. `GET`.
        public var method: String
        /// The request target as sent, with any query string.
        public var target: String
        /// The header fields in order, names as sent.
        public var headers: [Header]

        /// The target without its query string.
        public var path: String {
            String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        }

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            let lowered = name.lowercased()
            return headers.first { $0.name.lowercased() == lowered }?.value
        }
    }

    /// One header field of a request.
    public struct Header: Sendable, Hashable {
        /// Field name as sent.
        public var name: String
        /// Field value without surrounding whitespace.
        public var value: String
    }
}

extension TestHTTPServer.Response {
    /// The standard reason phrase for `status`.
    static func reason(for status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
