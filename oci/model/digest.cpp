#include "oci/model/digest.h"

#include <openssl/evp.h>

#include "support/error.h"

namespace imgslim::oci {

namespace {

std::size_t hex_length(std::string_view algorithm) {
  if (algorithm == "sha256") return 64;
  if (algorithm == "sha512") return 128;
  return 0;
}

const EVP_MD* evp_for(std::string_view algorithm) {
  if (algorithm == "sha256") return EVP_sha256();
  if (algorithm == "sha512") return EVP_sha512();
  return nullptr;
}

std::string to_hex(const unsigned char* bytes, unsigned n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(std::size_t(n) * 2, '0');
  for (unsigned i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

}  // namespace

Digest Digest::parse(std::string_view text, std::string_view what) {
  const auto colon = text.find(':');
  const std::string shown = std::string(what) + " \"" + std::string(text.substr(0, 200)) + "\"";
  if (colon == std::string_view::npos)
    throw Error(shown, "not a digest (expected ALGORITHM:HEX, e.g. sha256:...)");
  const auto algorithm = text.substr(0, colon);
  const auto hex = text.substr(colon + 1);
  const std::size_t want = hex_length(algorithm);
  if (want == 0)
    throw Error(shown, "unsupported digest algorithm \"" + std::string(algorithm) + "\" (sha256 and sha512 are supported)");
  if (hex.size() != want)
    throw Error(shown, "the " + std::string(algorithm) + " hex part must be " + std::to_string(want) +
                           " characters, not " + std::to_string(hex.size()));
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      throw Error(shown, "the hex part may contain only 0-9 and a-f");
  return Digest{std::string(algorithm), std::string(hex)};
}

struct Hasher::Impl {
  EVP_MD_CTX* ctx = nullptr;
  std::string algorithm;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Hasher::Hasher(std::string_view algorithm) : impl_(std::make_unique<Impl>()) {
  const EVP_MD* md = evp_for(algorithm);
  if (!md) throw Error(std::string(algorithm), "unsupported digest algorithm");
  impl_->algorithm = std::string(algorithm);
  impl_->ctx = EVP_MD_CTX_new();
  if (!impl_->ctx || EVP_DigestInit_ex(impl_->ctx, md, nullptr) != 1)
    throw Error(std::string(algorithm), "OpenSSL could not start a digest");
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

void Hasher::update(const void* data, std::size_t n) {
  if (n) EVP_DigestUpdate(impl_->ctx, data, n);
}

Digest Hasher::finish() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_DigestFinal_ex(impl_->ctx, out, &n);
  return Digest{impl_->algorithm, to_hex(out, n)};
}

Digest sha256_of(std::string_view data) {
  Hasher h;
  h.update(data.data(), data.size());
  return h.finish();
}

}  // namespace imgslim::oci
