#include "app/content/anchor.hpp"

#include "app/content/load_context.hpp"

namespace synack {

NarrationAnchor load_step_anchor(const TomlTable& at, const std::vector<HostSpec>& hosts) {
  LoadContext ctx;
  ctx.hosts = hosts;
  ctx.any_host = ctx.hosts.empty();
  return load_anchor(at, ctx);
}

}  // namespace synack
