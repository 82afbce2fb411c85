// A registry blob as a pull stream that survives dropped connections: when
// the transfer fails after some bytes, it asks again with
// "Range: bytes=N-" (206 continues where it stopped; a registry that ignores
// ranges answers 200 and the first N bytes are skipped).
#pragma once
#include <cstdint>
#include <string>

#include "oci/byte_stream.h"
#include "oci/model/digest.h"
#include "oci/registry/client.h"

namespace imgslim::oci {

class RegistryBlobStream : public ByteStream {
 public:
  static constexpr int kMaxResumes = 5;

  // Opens the blob (throws imgslim::Error naming it when the registry does not have it).
  RegistryBlobStream(RegistryClient& client, Digest digest);
  std::size_t read(void* buf, std::size_t n) override;
  int resumes() const { return resumes_; }

 private:
  void open(std::uint64_t from);
  std::string name() const;

  RegistryClient& client_;
  Digest digest_;
  HttpStreamPtr response_;
  std::uint64_t offset_ = 0;
  int resumes_ = 0;
};

}  // namespace imgslim::oci
