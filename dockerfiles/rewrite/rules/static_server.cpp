// The static-file servers a frontend's runtime stage gets when the app
// brings no nginx config of its own: written into the image by one RUN
// (no heredoc, so every BuildKit version builds it).
#include <vector>

#include "dockerfiles/rewrite/rules/rules.h"

namespace imgslim::dockerfiles {

namespace {

std::string printf_run(const std::vector<std::string>& lines, const std::string& target, char escape) {
  std::string out = "RUN printf '%s\\n' ";
  out += escape;
  out += "\n";
  for (const auto& l : lines) {
    out += "        '" + l + "' ";
    out += escape;
    out += "\n";
  }
  out += "        > " + target;
  return out;
}

// Where each build tool puts its content-hashed files.
std::vector<std::string> hashed_locations(const std::string& tool) {
  if (tool == "vite") return {"location /assets/ {"};
  if (tool == "cra") return {"location /static/ {"};
  if (tool == "next") return {"location /_next/static/ {"};
  if (tool == "vue-cli") return {"location ~ ^/(js|css|img|fonts)/ {"};
  return {"location ~* \"[.-][A-Za-z0-9_-]{8,}[.](js|css|woff2?|png|jpe?g|gif|svg|webp|avif)$\" {"};
}

}  // namespace

std::string generated_nginx_config_run(int port, const std::string& frontend_tool, char escape) {
  std::string p = std::to_string(port);
  std::vector<std::string> lines = {
      "server {",
      "    listen " + p + ";",
      "    listen [::]:" + p + ";",
      "    server_name _;",
      "    root /usr/share/nginx/html;",
      "    index index.html;",
      "    gzip on;",
      "    gzip_vary on;",
      "    gzip_min_length 256;",
      "    gzip_types text/plain text/css text/javascript application/javascript application/json "
      "application/manifest+json application/xml image/svg+xml;",
  };
  for (const auto& loc : hashed_locations(frontend_tool)) {
    lines.push_back("    " + loc);
    lines.push_back("        add_header Cache-Control \"public, max-age=31536000, immutable\";");
    lines.push_back("        try_files $uri =404;");
    lines.push_back("    }");
  }
  lines.push_back("    location / {");
  lines.push_back("        add_header Cache-Control \"no-cache\";");
  lines.push_back("        try_files $uri $uri/ /index.html;");
  lines.push_back("    }");
  lines.push_back("}");
  return printf_run(lines, "/etc/nginx/conf.d/default.conf", escape);
}

std::string generated_node_server_run(const std::string& path, int port, const std::string& root, char escape) {
  std::vector<std::string> lines = {
      "import http from \"node:http\";",
      "import fs from \"node:fs\";",
      "import path from \"node:path\";",
      "import zlib from \"node:zlib\";",
      "const root = path.resolve(\"" + root + "\");",
      "const port = Number(process.env.PORT || " + std::to_string(port) + ");",
      "const types = { \".html\": \"text/html; charset=utf-8\", \".js\": \"text/javascript\", \".mjs\": "
      "\"text/javascript\", \".css\": \"text/css\", \".json\": \"application/json\", \".svg\": \"image/svg+xml\", "
      "\".png\": \"image/png\", \".jpg\": \"image/jpeg\", \".webp\": \"image/webp\", \".ico\": \"image/x-icon\", "
      "\".woff2\": \"font/woff2\", \".txt\": \"text/plain\", \".map\": \"application/json\" };",
      "const server = http.createServer((req, res) => {",
      "  let file = path.join(root, decodeURIComponent(new URL(req.url, \"http://x\").pathname));",
      "  if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }",
      "  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, \"index.html\");",
      "  if (!fs.existsSync(file)) file = path.join(root, \"index.html\");",
      "  const type = types[path.extname(file)] || \"application/octet-stream\";",
      "  const hashed = /[.-][A-Za-z0-9_-]{8,}[.][a-z0-9]+$/.test(file) && !file.endsWith(\".html\");",
      "  const headers = { \"Content-Type\": type, \"Vary\": \"Accept-Encoding\",",
      "    \"Cache-Control\": hashed ? \"public, max-age=31536000, immutable\" : \"no-cache\" };",
      "  const gzip = /^(text|application[/](json|javascript)|image[/]svg)/.test(type) &&",
      "    /gzip/.test(req.headers[\"accept-encoding\"] || \"\");",
      "  if (gzip) headers[\"Content-Encoding\"] = \"gzip\";",
      "  res.writeHead(200, headers);",
      "  const body = fs.createReadStream(file);",
      "  (gzip ? body.pipe(zlib.createGzip()) : body).pipe(res);",
      "});",
      "server.listen(port);",
      "process.on(\"SIGTERM\", () => server.close(() => process.exit(0)));",
  };
  return printf_run(lines, path, escape);
}

}  // namespace imgslim::dockerfiles
