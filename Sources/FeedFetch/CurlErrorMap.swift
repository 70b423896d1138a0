internal import CCurl
import FeedModel

/// The one place where a failed `CURLcode` becomes a `FetchError`.
enum CurlErrorMap {
    /// What the transfer knew when libcurl gave up.
    struct Context {
        var url: String
        var code: CURLcode
        /// Text libcurl wrote to `CURLOPT_ERRORBUFFER` (may be empty).
        var errorBuffer: String
        /// The write callback refused bytes because the body outgrew the limit.
        var bodyLimitExceeded: Bool
        /// A TCP connection had been established when the transfer failed.
        var wasConnected: Bool
        /// The last HTTP status received (0 if none).
        var responseCode: Int
        var limits: FetchLimits
    }

    /// Maps a failed transfer to a typed error carrying libcurl's explanation.
    static func error(for context: Context) -> FetchError {
        let code = Int(context.code.rawValue)
        var curlMessage = String(cString: curl_easy_strerror(context.code))
        if !context.errorBuffer.isEmpty, context.errorBuffer != curlMessage {
            curlMessage += ": " + context.errorBuffer
        }
        var kind = kind(for: code, bodyLimitExceeded: context.bodyLimitExceeded, limits: context.limits)
        if code == 1, context.wasConnected, context.responseCode == 0 {
            // UNSUPPORTED_PROTOCOL after connecting but before any status line: libcurl saw an
            // HTTP/0.9-style reply (no status line), not a URL with a forbidden scheme.
            kind = .invalidResponse
        }
        var message: String? = nil
        if kind == .timeout {
            message = context.wasConnected
                ? "timed out after \(context.limits.totalTimeout) s"
                : "connect timed out after \(min(context.limits.connectTimeout, context.limits.totalTimeout)) s"
        }
        return FetchError(url: context.url, kind: kind, message: message, curlCode: code, curlMessage: curlMessage)
    }

    /// The kind for a `CURLcode` value.
    static func kind(for code: Int, bodyLimitExceeded: Bool, limits: FetchLimits) -> FetchError.Kind {
        if bodyLimitExceeded { return .bodyTooLarge(limit: limits.maxBodyBytes) }
        switch code {
        case 1, 3: return .unsupportedURL  // UNSUPPORTED_PROTOCOL, URL_MALFORMAT
        case 5, 7: return .connectionFailed  // COULDNT_RESOLVE_PROXY, COULDNT_CONNECT
        case 6: return .hostNotFound  // COULDNT_RESOLVE_HOST
        case 8, 16, 61, 92: return .invalidResponse  // WEIRD_SERVER_REPLY, HTTP2, BAD_CONTENT_ENCODING, HTTP2_STREAM
        case 18, 52, 55, 56: return .connectionLost  // PARTIAL_FILE, GOT_NOTHING, SEND_ERROR, RECV_ERROR
        case 28: return .timeout  // OPERATION_TIMEDOUT
        case 35, 53, 54, 58, 59, 60, 64, 66, 77, 80, 82, 83, 90, 91, 98: return .tls
        case 37: return .fileUnreadable  // FILE_COULDNT_READ_FILE
        case 47: return .tooManyRedirects
        case 63: return .bodyTooLarge(limit: limits.maxBodyBytes)  // FILESIZE_EXCEEDED
        case 42: return .cancelled  // ABORTED_BY_CALLBACK
        default: return .curl(code: code, name: name(of: code))
        }
    }

    /// The symbolic name of a `CURLcode` (libcurl has no function for it).
    static func name(of code: Int) -> String {
        names.indices.contains(code) ? names[code] : "CURLE_\(code)"
    }

    /// `CURLcode` names indexed by value, as in curl.h of libcurl 7.88.
    private static let names: [String] = [
        "CURLE_OK", "CURLE_UNSUPPORTED_PROTOCOL", "CURLE_FAILED_INIT", "CURLE_URL_MALFORMAT",
        "CURLE_NOT_BUILT_IN", "CURLE_COULDNT_RESOLVE_PROXY", "CURLE_COULDNT_RESOLVE_HOST", "CURLE_COULDNT_CONNECT",
        "CURLE_WEIRD_SERVER_REPLY", "CURLE_REMOTE_ACCESS_DENIED", "CURLE_FTP_ACCEPT_FAILED", "CURLE_FTP_WEIRD_PASS_REPLY",
        "CURLE_FTP_ACCEPT_TIMEOUT", "CURLE_FTP_WEIRD_PASV_REPLY", "CURLE_FTP_WEIRD_227_FORMAT", "CURLE_FTP_CANT_GET_HOST",
        "CURLE_HTTP2", "CURLE_FTP_COULDNT_SET_TYPE", "CURLE_PARTIAL_FILE", "CURLE_FTP_COULDNT_RETR_FILE",
        "CURLE_OBSOLETE20", "CURLE_QUOTE_ERROR", "CURLE_HTTP_RETURNED_ERROR", "CURLE_WRITE_ERROR",
        "CURLE_OBSOLETE24", "CURLE_UPLOAD_FAILED", "CURLE_READ_ERROR", "CURLE_OUT_OF_MEMORY",
        "CURLE_OPERATION_TIMEDOUT", "CURLE_OBSOLETE29", "CURLE_FTP_PORT_FAILED", "CURLE_FTP_COULDNT_USE_REST",
        "CURLE_OBSOLETE32", "CURLE_RANGE_ERROR", "CURLE_HTTP_POST_ERROR", "CURLE_SSL_CONNECT_ERROR",
        "CURLE_BAD_DOWNLOAD_RESUME", "CURLE_FILE_COULDNT_READ_FILE", "CURLE_LDAP_CANNOT_BIND", "CURLE_LDAP_SEARCH_FAILED",
        "CURLE_OBSOLETE40", "CURLE_FUNCTION_NOT_FOUND", "CURLE_ABORTED_BY_CALLBACK", "CURLE_BAD_FUNCTION_ARGUMENT",
        "CURLE_OBSOLETE44", "CURLE_INTERFACE_FAILED", "CURLE_OBSOLETE46", "CURLE_TOO_MANY_REDIRECTS",
        "CURLE_UNKNOWN_OPTION", "CURLE_SETOPT_OPTION_SYNTAX", "CURLE_OBSOLETE50", "CURLE_OBSOLETE51",
        "CURLE_GOT_NOTHING", "CURLE_SSL_ENGINE_NOTFOUND", "CURLE_SSL_ENGINE_SETFAILED", "CURLE_SEND_ERROR",
        "CURLE_RECV_ERROR", "CURLE_OBSOLETE57", "CURLE_SSL_CERTPROBLEM", "CURLE_SSL_CIPHER",
        "CURLE_PEER_FAILED_VERIFICATION", "CURLE_BAD_CONTENT_ENCODING", "CURLE_OBSOLETE62", "CURLE_FILESIZE_EXCEEDED",
        "CURLE_USE_SSL_FAILED", "CURLE_SEND_FAIL_REWIND", "CURLE_SSL_ENGINE_INITFAILED", "CURLE_LOGIN_DENIED",
        "CURLE_TFTP_NOTFOUND", "CURLE_TFTP_PERM", "CURLE_REMOTE_DISK_FULL", "CURLE_TFTP_ILLEGAL",
        "CURLE_TFTP_UNKNOWNID", "CURLE_REMOTE_FILE_EXISTS", "CURLE_TFTP_NOSUCHUSER", "CURLE_OBSOLETE75",
        "CURLE_OBSOLETE76", "CURLE_SSL_CACERT_BADFILE", "CURLE_REMOTE_FILE_NOT_FOUND", "CURLE_SSH",
        "CURLE_SSL_SHUTDOWN_FAILED", "CURLE_AGAIN", "CURLE_SSL_CRL_BADFILE", "CURLE_SSL_ISSUER_ERROR",
        "CURLE_FTP_PRET_FAILED", "CURLE_RTSP_CSEQ_ERROR", "CURLE_RTSP_SESSION_ERROR", "CURLE_FTP_BAD_FILE_LIST",
        "CURLE_CHUNK_FAILED", "CURLE_NO_CONNECTION_AVAILABLE", "CURLE_SSL_PINNEDPUBKEYNOTMATCH", "CURLE_SSL_INVALIDCERTSTATUS",
        "CURLE_HTTP2_STREAM", "CURLE_RECURSIVE_API_CALL", "CURLE_AUTH_ERROR", "CURLE_HTTP3",
        "CURLE_QUIC_CONNECT_ERROR", "CURLE_PROXY", "CURLE_SSL_CLIENTCERT", "CURLE_UNRECOVERABLE_POLL",
    ]
}
