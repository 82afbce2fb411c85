#include "oci/registry/blob_stream.h"

#include <vector>

#include "support/error.h"

namespace imgslim::oci {

RegistryBlobStream::RegistryBlobStream(RegistryClient& client, Digest digest)
    : client_(client), digest_(std::move(digest)) {
  open(0);
}

std::string RegistryBlobStream::name() const { return client_.ref().registry + "/" + client_.ref().repository + "@" + digest_.str(); }

void RegistryBlobStream::open(std::uint64_t from) {
  try {
    response_ = client_.get("blobs/" + digest_.str(), {}, from);
  } catch (const HttpTransferError& e) {
    throw Error(name(), "download failed: " + e.problem());
  }
  long status = response_->status();
  if (status == 404) client_.fail(name(), *response_);  // "HTTP 404 BLOB_UNKNOWN: blob unknown to registry"
  if (from > 0 && status == 200) {
    // No range support: read again from the start and skip what we have.
    std::vector<char> skip(256 * 1024);
    std::uint64_t left = from;
    while (left > 0) {
      std::size_t n = response_->read(skip.data(), std::min<std::uint64_t>(left, skip.size()));
      if (n == 0) throw Error(name(), "the blob became shorter while resuming the download");
      left -= n;
    }
    return;
  }
  if (status != 200 && !(from > 0 && status == 206)) client_.fail(name(), *response_);
}

std::size_t RegistryBlobStream::read(void* buf, std::size_t n) {
  while (true) {
    try {
      std::size_t got = response_->read(buf, n);
      offset_ += got;
      return got;
    } catch (const HttpTransferError& e) {
      if (resumes_ >= kMaxResumes)
        throw Error(name(), "download failed after " + std::to_string(resumes_) + " resumed attempts: " + e.problem());
      ++resumes_;
      response_.reset();
      open(offset_);
    }
  }
}

}  // namespace imgslim::oci
