#include <doctest/doctest.h>
#include <sys/resource.h>

#include <chrono>

#include "compose/model/yaml_loader.h"
#include "support/error.h"
#include "tests/compose/compose_test_util.h"

using namespace imgslim::compose;

namespace {

// Nine levels of nine aliases ("billion laughs"): 9^9 = 387 420 489 strings
// once expanded, from under 400 bytes of YAML.
std::string alias_bomb() {
  std::string y = "x-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    std::string prev(1, static_cast<char>(level - 1));
    y += std::string("x-") + level + ": &" + level + " [";
    for (int i = 0; i < 9; ++i) y += (i ? ",*" : "*") + prev;
    y += "]\n";
  }
  return y + "services:\n  app:\n    image: busybox\n";
}

long max_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

// compose-go reads YAML with go-yaml, which refuses a document whose nodes
// come mostly from alias expansion ("document contains excessive aliasing").
TEST_CASE("yaml: a nine-level alias bomb is refused quickly within bounded memory") {
  const long rss_before = max_rss_kib();
  const auto start = std::chrono::steady_clock::now();
  CHECK_THROWS_WITH_AS(load_yaml_text(alias_bomb(), "bomb.yml", nullptr),
                       doctest::Contains("invalid YAML: document contains excessive aliasing"), imgslim::Error);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(seconds < 5);
  CHECK(max_rss_kib() - rss_before < 200 * 1024);

  // Through the project loader: one error naming the file and line.
  compose_test::TempDir dir("alias-bomb");
  std::string f = dir.write("compose.yml", alias_bomb());
  const std::string named = f + ":";
  CHECK_THROWS_WITH_AS(compose_test::load({f}), doctest::Contains(named.c_str()), imgslim::Error);
}

TEST_CASE("yaml: ordinary aliases and merge keys still expand") {
  Value v = load_yaml_text("x-env: &env {A: \"1\", B: two}\nx-list: &l [a, b]\n"
                           "s:\n  <<: *env\n  B: three\n  list: *l\n  \"<<\": literal\n",
                           "m.yml", nullptr);
  const Value* s = v.find("s");
  REQUIRE(s != nullptr);
  CHECK(s->find("A")->text() == "1");
  CHECK(s->find("B")->text() == "three");  // the mapping's own key wins over the merged one
  CHECK(s->find("list")->seq.size() == 2);
  CHECK(s->find("<<")->text() == "literal");  // a quoted "<<" is an ordinary key
}

TEST_CASE("yaml: scalar types as YAML 1.2 resolves them, quoted scalars are strings") {
  Value v = load_yaml_text("a: 1\nb: \"1\"\nc: 1.5\nd: true\ne: 'true'\nf: ~\ng: 512m\nh: 0x1F\ni: >\n  folded\n",
                           "t.yml", nullptr);
  CHECK(yaml_type(*v.find("a")) == "integer");
  CHECK(yaml_type(*v.find("b")) == "string");
  CHECK(yaml_type(*v.find("c")) == "number");
  CHECK(yaml_type(*v.find("d")) == "boolean");
  CHECK(yaml_type(*v.find("e")) == "string");
  CHECK(yaml_type(*v.find("f")) == "null");
  CHECK(yaml_type(*v.find("g")) == "string");
  CHECK(yaml_type(*v.find("h")) == "integer");
  CHECK(yaml_type(*v.find("i")) == "string");
  CHECK(v.find("i")->text() == "folded\n");
}

TEST_CASE("yaml: duplicate keys and non-string keys are one clear error") {
  CHECK_THROWS_WITH_AS(load_yaml_text("a: 1\na: 2\n", "d.yml", nullptr), "d.yml:2:1: duplicate key \"a\"",
                       imgslim::Error);
  CHECK_THROWS_WITH_AS(load_yaml_text("? [a]\n: 1\n", "k.yml", nullptr),
                       doctest::Contains("mapping keys must be plain strings"), imgslim::Error);
}
