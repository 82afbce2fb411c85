// libcurl's multi interface turned into a pull stream: read() drives the
// transfer only while its buffer is empty, so the socket (not memory) holds
// what the consumer has not taken yet.
#include "oci/client/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

namespace imgslim::oci {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool is_tls_code(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

class CurlStream final : public HttpStream {
 public:
  CurlStream(const HttpTransport& transport, const HttpRequest& request, std::string server)
      : server_(std::move(server)) {
    try {
      start(transport, request);
    } catch (...) {
      release();  // a constructor that throws gets no destructor call
      throw;
    }
  }

  ~CurlStream() override { release(); }

 private:
  void start(const HttpTransport& transport, const HttpRequest& request) {
    global_init();
    easy_ = curl_easy_init();
    multi_ = curl_multi_init();
    if (!easy_ || !multi_) throw Error(server_, "cannot initialise libcurl");
    error_[0] = '\0';
    curl_easy_setopt(easy_, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(easy_, CURLOPT_ERRORBUFFER, error_);
    curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy_, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy_, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(easy_, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy_, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // A redirect to another host (or port, or scheme) never carries the
    // Authorization header (tests/oci/registry/registry_hostile_test.cpp).
    curl_easy_setopt(easy_, CURLOPT_UNRESTRICTED_AUTH, 0L);
    curl_easy_setopt(easy_, CURLOPT_CONNECTTIMEOUT, transport.connect_timeout_s);
    curl_easy_setopt(easy_, CURLOPT_BUFFERSIZE, 256L * 1024);
    curl_easy_setopt(easy_, CURLOPT_USERAGENT, "imgslim/0.1");
    if (transport.stall_timeout_s > 0) {
      curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_LIMIT, 1L);
      curl_easy_setopt(easy_, CURLOPT_LOW_SPEED_TIME, transport.stall_timeout_s);
    }
    if (!transport.unix_socket.empty())
      curl_easy_setopt(easy_, CURLOPT_UNIX_SOCKET_PATH, transport.unix_socket.c_str());
    if (!transport.tls_verify) {
      curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(easy_, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!transport.ca_file.empty()) curl_easy_setopt(easy_, CURLOPT_CAINFO, transport.ca_file.c_str());
    if (!transport.cert_file.empty()) curl_easy_setopt(easy_, CURLOPT_SSLCERT, transport.cert_file.c_str());
    if (!transport.key_file.empty()) curl_easy_setopt(easy_, CURLOPT_SSLKEY, transport.key_file.c_str());
    if (request.method == "HEAD") {
      curl_easy_setopt(easy_, CURLOPT_NOBODY, 1L);
    } else if (request.method == "POST") {
      curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(easy_, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
    } else if (request.method != "GET") {
      curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
    for (const auto& h : request.headers) header_list_ = curl_slist_append(header_list_, h.c_str());
    if (header_list_) curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, header_list_);
    if (request.range_from > 0) {
      std::string range = std::to_string(request.range_from) + "-";
      curl_easy_setopt(easy_, CURLOPT_RANGE, range.c_str());
    }
    curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, &CurlStream::on_body);
    curl_easy_setopt(easy_, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(easy_, CURLOPT_HEADERFUNCTION, &CurlStream::on_header);
    curl_easy_setopt(easy_, CURLOPT_HEADERDATA, this);
    curl_multi_add_handle(multi_, easy_);
    while (!body_started_ && !done_) pump();
    // A transfer that failed after its body began reports the failure when
    // the reader reaches it (a resumable download keeps the bytes before it).
    if (done_ && result_ != CURLE_OK && !body_started_) fail();
    curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status_);
  }

  void release() noexcept {
    if (multi_ && easy_) curl_multi_remove_handle(multi_, easy_);
    if (easy_) curl_easy_cleanup(easy_);
    if (multi_) curl_multi_cleanup(multi_);
    if (header_list_) curl_slist_free_all(header_list_);
    easy_ = nullptr;
    multi_ = nullptr;
    header_list_ = nullptr;
  }

 public:

  long status() const override { return status_; }
  const HttpHeaders& headers() const override { return headers_; }

  std::size_t read(void* out, std::size_t n) override {
    while (pos_ == buf_.size()) {
      if (done_) {
        if (result_ != CURLE_OK) fail();
        return 0;
      }
      buf_.clear();
      pos_ = 0;
      if (paused_) {  // the consumer caught up: let the socket flow again
        paused_ = false;
        curl_easy_pause(easy_, CURLPAUSE_CONT);
        if (!buf_.empty()) continue;
      }
      pump();
    }
    std::size_t take = std::min(n, buf_.size() - pos_);
    std::memcpy(out, buf_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self_ptr) {
    auto* self = static_cast<CurlStream*>(self_ptr);
    self->body_started_ = true;
    // One curl_multi_perform drains whatever the socket holds (megabytes on
    // a local registry): past a bound the transfer pauses, and the bytes wait
    // in the kernel until read() has handed out what is buffered.
    if (self->buf_.size() >= kBufferBound) {
      self->paused_ = true;
      return CURL_WRITEFUNC_PAUSE;
    }
    self->buf_.append(data, size * count);
    return size * count;
  }

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self_ptr) {
    auto* self = static_cast<CurlStream*>(self_ptr);
    std::string line(data, size * count);
    if (line.rfind("HTTP/", 0) == 0) {
      self->headers_.clear();  // a new response (after a redirect or 100-continue)
    } else if (auto colon = line.find(':'); colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      self->headers_.emplace_back(trim(name), trim(line.substr(colon + 1)));
    }
    return size * count;
  }

  void pump() {
    int running = 0;
    CURLMcode mc = curl_multi_perform(multi_, &running);
    if (mc != CURLM_OK) throw Error(server_, std::string("libcurl: ") + curl_multi_strerror(mc));
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
      if (msg->msg == CURLMSG_DONE) {
        done_ = true;
        result_ = msg->data.result;
      }
    }
    if (!done_ && pos_ == buf_.size()) curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
  }

  [[noreturn]] void fail() {
    std::string detail = error_[0] ? std::string(error_) : std::string(curl_easy_strerror(result_));
    throw HttpTransferError(server_, detail, static_cast<int>(result_), is_tls_code(result_));
  }

  std::string server_;
  CURL* easy_ = nullptr;
  CURLM* multi_ = nullptr;
  curl_slist* header_list_ = nullptr;
  char error_[CURL_ERROR_SIZE];
  std::string buf_;
  std::size_t pos_ = 0;
  bool body_started_ = false;
  bool paused_ = false;
  bool done_ = false;
  static constexpr std::size_t kBufferBound = 1 << 20;
  CURLcode result_ = CURLE_OK;
  long status_ = 0;
  HttpHeaders headers_;
};

}  // namespace

std::string HttpStream::header(const std::string& name) const {
  for (const auto& [k, v] : headers())
    if (k == name) return v;
  return "";
}

std::string HttpStream::read_all(std::uint64_t limit) {
  std::string out;
  char chunk[64 * 1024];
  while (std::size_t n = read(chunk, sizeof chunk)) {
    if (out.size() + n > limit)
      throw Error("HTTP response", "body larger than " + std::to_string(limit) + " bytes");
    out.append(chunk, n);
  }
  return out;
}

HttpStreamPtr http_open(const HttpTransport& transport, const HttpRequest& request, const std::string& server) {
  return std::make_unique<CurlStream>(transport, request, server);
}

std::string url_for_errors(const std::string& url) {
  std::string out = url.substr(0, url.find('?'));
  auto scheme = out.find("://");
  auto start = scheme == std::string::npos ? 0 : scheme + 3;
  auto at = out.find('@', start);
  auto slash = out.find('/', start);
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) out.erase(start, at + 1 - start);
  return out;
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace imgslim::oci
