// Heredocs (none are in BuildKit's parser testfiles): several per line,
// file descriptors, <<- chomping, quoted delimiters, ONBUILD, CRLF, errors.
#include <doctest/doctest.h>

#include "dockerfiles/instructions/instructions.h"
#include "dockerfiles/syntax/parser.h"
#include "support/error.h"

using namespace imgslim::dockerfiles;

namespace {
const AstNode& nth(const Tree& t, std::size_t i) { return t.instructions().at(i)->ast; }
}  // namespace

TEST_CASE("heredoc: bodies, delimiters and expansion flags") {
  const std::string text =
      "FROM alpine\n"
      "RUN <<SCRIPT\n"
      "apk add curl\n"
      "echo done\n"
      "SCRIPT\n"
      "COPY <<one.txt <<two.txt /srv/\n"
      "first\n"
      "one.txt\n"
      "second\n"
      "two.txt\n"
      "RUN 3<<-'RAW' cat /proc/self/fd/3\n"
      "\t$NOT_EXPANDED\n"
      "\t\tRAW\n"
      "RUN <<  SPACED python3\n"
      "print(1)\n"
      "SPACED\n"
      "RUN echo \"<<NOT_A_HEREDOC\"\n"
      "USER <<ALSO_NOT\n"
      "RUN [\"cat\", \"<<NOPE\"]\n"
      "ONBUILD RUN <<TRIG\n"
      "echo later\n"
      "TRIG\n"
      "RUN <<ei\"n\"s\n"
      "x\n"
      "eins\n";
  Tree t = parse(text);
  CHECK(print(t) == text);
  REQUIRE(t.instructions().size() == 10);

  const AstNode& run = nth(t, 1);
  REQUIRE(run.heredocs.size() == 1);
  CHECK(run.heredocs[0].name == "SCRIPT");
  CHECK(run.heredocs[0].content == "apk add curl\necho done\n");
  CHECK(run.heredocs[0].expand);
  CHECK(run.start_line == 2);
  CHECK(run.end_line == 5);

  const AstNode& copy = nth(t, 2);
  REQUIRE(copy.heredocs.size() == 2);
  CHECK(copy.heredocs[0].name == "one.txt");
  CHECK(copy.heredocs[0].content == "first\n");
  CHECK(copy.heredocs[1].name == "two.txt");
  CHECK(copy.heredocs[1].content == "second\n");

  const AstNode& raw = nth(t, 3);
  REQUIRE(raw.heredocs.size() == 1);
  CHECK(raw.heredocs[0].file_descriptor == 3);
  CHECK(raw.heredocs[0].chomp);
  CHECK_FALSE(raw.heredocs[0].expand);
  CHECK(raw.heredocs[0].name == "RAW");
  CHECK(raw.heredocs[0].content == "\t$NOT_EXPANDED\n");

  CHECK(nth(t, 4).heredocs.at(0).name == "SPACED");
  CHECK(nth(t, 5).heredocs.empty());  // quoted
  CHECK(nth(t, 6).heredocs.empty());  // USER takes none
  CHECK(nth(t, 7).heredocs.empty());  // exec form takes none
  CHECK(nth(t, 8).heredocs.at(0).content == "echo later\n");
  CHECK(nth(t, 9).heredocs.at(0).name == "eins");
  CHECK_FALSE(nth(t, 9).heredocs.at(0).expand);

  // Pieces: the body lines and the terminator are their own pieces.
  const Node* node = t.instructions()[1];
  auto bodies = node->pieces_of(PieceKind::HeredocBody);
  auto ends = node->pieces_of(PieceKind::HeredocEnd);
  REQUIRE(bodies.size() == 2);
  REQUIRE(ends.size() == 1);
  CHECK(bodies[0]->text == "apk add curl\n");
  CHECK(bodies[0]->span.begin.line == 3);
  CHECK(ends[0]->text == "SCRIPT\n");
  CHECK(ends[0]->span.begin.line == 5);
}

TEST_CASE("heredoc: typed instructions keep heredocs") {
  Tree t = parse("FROM alpine\nCOPY <<conf /etc/app.conf\nport=80\nconf\nRUN <<EOF\nset -e\nEOF\n");
  Dockerfile df = build_instructions(t);
  const CopyInstr* c = df.stages[0].instructions[1].as<CopyInstr>();
  REQUIRE(c);
  CHECK(c->sources == std::vector<std::string>{"conf"});
  CHECK(c->dest == "/etc/app.conf");
  CHECK(c->heredocs.at(0).content == "port=80\n");
  const RunInstr* r = df.stages[0].instructions[2].as<RunInstr>();
  REQUIRE(r);
  CHECK(r->command.heredocs.at(0).content == "set -e\n");
}

TEST_CASE("heredoc: CRLF bodies keep their bytes") {
  const std::string text = "FROM alpine\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n";
  Tree t = parse(text);
  CHECK(print(t) == text);
  CHECK(nth(t, 1).heredocs.at(0).content == "echo hi\r\n");
}

TEST_CASE("heredoc: unterminated heredoc is an error at its marker") {
  const std::string text = "FROM alpine\nRUN apt-get update && cat <<EOF\nnever closed\n";
  try {
    parse(text, "Dockerfile");
    FAIL("expected an error");
  } catch (const imgslim::Error& e) {
    CHECK(std::string(e.what()) == "Dockerfile:2:27: unterminated heredoc <<EOF started here");
  }
  CHECK_THROWS_AS(parse("FROM a\nCOPY <<A <<B /x\na\nA\nb\n"), imgslim::Error);
}
