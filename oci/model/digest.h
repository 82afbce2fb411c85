// Content digests ("sha256:<64 hex>") and a streaming SHA-256 (OpenSSL EVP).
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace imgslim::oci {

struct Digest {
  std::string algorithm;  // "sha256" (also accepted: "sha512")
  std::string hex;        // lower-case hex

  std::string str() const { return algorithm + ":" + hex; }
  bool empty() const { return hex.empty(); }
  bool operator==(const Digest&) const = default;
  auto operator<=>(const Digest&) const = default;

  // Throws imgslim::Error naming `what` when `text` is not a valid digest.
  static Digest parse(std::string_view text, std::string_view what = "digest");
};

// Incremental hasher for the digest's algorithm (sha256 by default).
class Hasher {
 public:
  explicit Hasher(std::string_view algorithm = "sha256");
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;
  void update(const void* data, std::size_t n);
  Digest finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

Digest sha256_of(std::string_view data);

}  // namespace imgslim::oci
