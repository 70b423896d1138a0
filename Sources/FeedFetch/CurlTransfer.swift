internal import CCurl
import FeedModel

/// One request's easy handle and everything libcurl points into, owned by the loop thread
/// from `make` to `close`.
///
/// The C callbacks reach this object through an `Unmanaged` reference retained in `make`
/// and released in `close`, so it outlives every callback libcurl can make for the transfer.
/// Not `Sendable`: only the loop thread touches it (callbacks run inside `curl_multi_perform`).
final class CurlTransfer {
    let id: UInt64
    let request: FetchRequest
    let pending: PendingFetch
    /// The easy handle (`CURL *`); never leaves this type and `CurlMultiLoop`.
    let easy: UnsafeMutableRawPointer
    private let limits: FetchLimits
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var context: Unmanaged<CurlTransfer>?
    private var body: [UInt8] = []
    private var headers = ResponseHeaders()
    private var bodyLimitExceeded = false
    private var isClosed = false

    private init(id: UInt64, request: FetchRequest, pending: PendingFetch, limits: FetchLimits, easy: UnsafeMutableRawPointer) {
        self.id = id
        self.request = request
        self.pending = pending
        self.limits = limits
        self.easy = easy
        let size = Int(CURL_ERROR_SIZE)
        errorBuffer = .allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    /// Creates and configures an easy handle for `request`; the caller adds it to the multi handle
    /// and must call `close` once the transfer ends.
    static func make(
        id: UInt64, request: FetchRequest, pending: PendingFetch, limits: FetchLimits
    ) throws(FetchError) -> CurlTransfer {
        guard let easy = curl_easy_init() else {
            throw FetchError(url: request.url, kind: .curl(code: 2, name: "CURLE_FAILED_INIT"), message: "curl_easy_init failed")
        }
        let transfer = CurlTransfer(id: id, request: request, pending: pending, limits: limits, easy: easy)
        transfer.context = Unmanaged.passRetained(transfer)
        do {
            try transfer.configure()
        } catch {
            transfer.close(removingFrom: nil)
            throw error
        }
        return transfer
    }

    /// Releases the easy handle, header list, error buffer and the callback context. Idempotent.
    /// `multi` is the multi handle the easy handle was added to, if it was.
    func close(removingFrom multi: UnsafeMutableRawPointer?) {
        guard !isClosed else { return }
        isClosed = true
        if let multi { curl_multi_remove_handle(multi, easy) }
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
        headerList = nil
        errorBuffer.deallocate()
        context?.release()
        context = nil
    }

    // MARK: Configuration

    private func configure() throws(FetchError) {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https,file")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 1)
        try set(CURLOPT_MAXREDIRS, max(0, limits.maxRedirects))
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(limits.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(limits.totalTimeout))
        try set(CURLOPT_ACCEPT_ENCODING, "")  // every encoding this libcurl decodes
        try set(CURLOPT_USERAGENT, request.options.userAgent ?? limits.userAgent)
        try set(CURLOPT_NOSIGNAL, 1)
        let options = request.options
        if let username = options.username {
            try set(CURLOPT_HTTPAUTH, CCurl_auth_basic())
            try set(CURLOPT_USERNAME, username)
            try set(CURLOPT_PASSWORD, options.password ?? "")
        }
        if let proxy = options.proxy {
            try set(CURLOPT_PROXY, proxy)
        }

        var lines: [String] = []
        for header in options.headers where Self.isSafeHeaderName(header.name) && Self.isSafeHeaderValue(header.value) {
            lines.append("\(header.name): \(header.value)")
        }
        if let etag = request.etag, Self.isSafeHeaderValue(etag) { lines.append("If-None-Match: \(etag)") }
        if let lastModified = request.lastModified, Self.isSafeHeaderValue(lastModified) {
            lines.append("If-Modified-Since: \(lastModified)")
        }
        for line in lines {
            guard let list = curl_slist_append(headerList, line) else {
                throw FetchError(url: request.url, kind: .curl(code: 27, name: "CURLE_OUT_OF_MEMORY"), message: "curl_slist_append failed")
            }
            headerList = list
        }
        if let headerList {
            try check(CCurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        }

        let opaque = context.map { $0.toOpaque() }
        try set(CURLOPT_WRITEDATA, pointer: opaque)
        try check(CCurl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveBody(data, byteCount: size * count)
        })
        try set(CURLOPT_HEADERDATA, pointer: opaque)
        try check(CCurl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
            guard let userdata else { return 0 }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata).takeUnretainedValue()
            return transfer.receiveHeader(data, byteCount: size * count)
        })
    }

    private func set(_ option: CURLoption, _ value: Int) throws(FetchError) {
        try check(CCurl_easy_setopt_long(easy, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws(FetchError) {
        // libcurl copies string options, so the temporary C string may go away after the call.
        try check(value.withCString { CCurl_easy_setopt_string(easy, option, $0) })
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(FetchError) {
        try check(CCurl_easy_setopt_pointer(easy, option, pointer))
    }

    private func check(_ code: CURLcode) throws(FetchError) {
        guard code != CURLE_OK else { return }
        throw error(for: code)
    }

    /// Seconds from the limits as the milliseconds libcurl wants; never 0 (which would mean "no limit").
    private static func milliseconds(_ seconds: Double) -> Int {
        guard !seconds.isNaN else { return 1 }
        return Int(min(max(seconds, 0.001), 1_000_000) * 1000)
    }

    /// A header name is a token: no spaces, colons or control characters.
    private static func isSafeHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }
    }

    /// Stored validators come from a server; never let one inject another header line.
    private static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 })
    }

    // MARK: Callbacks (loop thread, inside curl_multi_perform)

    /// Appends decoded body bytes; refuses them (returning 0 aborts the transfer) past the size limit.
    private func receiveBody(_ data: UnsafeMutablePointer<CChar>?, byteCount: Int) -> Int {
        guard byteCount > 0, let data else { return byteCount }
        guard body.count + byteCount <= limits.maxBodyBytes else {
            bodyLimitExceeded = true
            return 0
        }
        body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: byteCount))
        return byteCount
    }

    private func receiveHeader(_ data: UnsafeMutablePointer<CChar>?, byteCount: Int) -> Int {
        guard byteCount > 0, let data else { return byteCount }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: byteCount), as: UTF8.self)
        headers.add(line: line)
        return byteCount
    }

    // MARK: Completion

    /// The result of the finished transfer, given the code from `curl_multi_info_read`.
    func outcome(code: CURLcode) -> PendingFetch.Outcome {
        guard code == CURLE_OK else { return .failure(error(for: code)) }
        var status = 0
        _ = CCurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var urlPointer: UnsafeMutablePointer<CChar>? = nil
        _ = CCurl_easy_getinfo_string(easy, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effectiveURL = urlPointer.map { String(cString: $0) } ?? request.url
        let isFile = request.url.lowercased().hasPrefix("file:")

        let info = headers.info(status: status, effectiveURL: effectiveURL)
        if status == 304 {
            return .success(.notModified(info))
        }
        if (200..<300).contains(status) || (status == 0 && isFile) {
            return .success(.modified(FetchedBody(
                info: info, body: body,
                contentType: headers.contentType, etag: headers.etag, lastModified: headers.lastModified
            )))
        }
        var failure = FetchError(url: request.url, kind: .httpStatus(status), message: Self.statusMessage(status, effectiveURL, request.url))
        failure.retryAfter = headers.retryAfter
        return .failure(failure)
    }

    private static func statusMessage(_ status: Int, _ effectiveURL: String, _ url: String) -> String {
        effectiveURL == url ? "HTTP status \(status)" : "HTTP status \(status) from \(effectiveURL)"
    }

    private func error(for code: CURLcode) -> FetchError {
        var connectMicros: curl_off_t = 0
        _ = CCurl_easy_getinfo_int64(easy, CURLINFO_CONNECT_TIME_T, &connectMicros)
        var status = 0
        _ = CCurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return CurlErrorMap.error(for: .init(
            url: request.url, code: code, errorBuffer: String(cString: errorBuffer),
            bodyLimitExceeded: bodyLimitExceeded, wasConnected: connectMicros > 0,
            responseCode: status, limits: limits
        ))
    }
}
