#include "reason.hpp"

#include <fmt/format.h>

#include <array>

namespace synack {
namespace {

struct ReasonText {
  Why why;
  std::string_view name;
  std::string_view rfc;
  std::string_view en;  // {a} and {b} are the numbers; {bt} is b as a duration
  std::string_view zh;
};

// clang-format off
constexpr ReasonText kReasons[] = {
  {Why::none, "none", "", "", ""},
  {Why::app_call, "app_call", "", "the program made a socket call", "程序发起了一次套接字调用"},
  {Why::app_call_timeout, "app_call_timeout", "",
   "the program's own timeout expired: it stops waiting and closes the socket",
   "程序自己设定的超时到期：不再等待，关闭套接字"},
  {Why::connect_sends_syn, "connect_sends_syn", "RFC 9293 §3.10.1",
   "connect(): active open, send SYN with a fresh ISN", "connect()：主动打开，携带新的初始序列号发送 SYN"},
  {Why::listen_opened, "listen_opened", "RFC 9293 §3.10.1",
   "listen(): passive open, waiting for SYNs", "listen()：被动打开，等待 SYN"},
  {Why::syn_received_listen, "syn_received_listen", "RFC 9293 §3.10.7.2",
   "SYN for a listener: request stored in the SYN queue, answer SYN-ACK",
   "监听端口收到 SYN：请求放入半连接（SYN）队列，回复 SYN-ACK"},
  {Why::two_way_established, "two_way_established", "",
   "what if TCP used a two-way handshake: the server counts the SYN alone as enough, establishes and allocates the connection at once",
   "假如 TCP 只握手两次：服务端收到 SYN 就认为连接已建立，立即为它分配资源"},
  {Why::synack_received, "synack_received", "RFC 9293 §3.10.7.3",
   "SYN-ACK acknowledges our SYN: connection established, send ACK",
   "SYN-ACK 确认了我们的 SYN：连接建立，回复 ACK"},
  {Why::handshake_ack, "handshake_ack", "RFC 9293 §3.10.7.4",
   "ACK of our SYN-ACK: handshake complete, connection moves to the accept queue",
   "收到对 SYN-ACK 的确认：握手完成，连接进入全连接（accept）队列"},
  {Why::handshake_done_by_data, "handshake_done_by_data", "RFC 9293 §3.10.7.4",
   "the third-handshake ACK was lost, but this data segment carries the same ACK and completes the handshake",
   "第三次握手的 ACK 丢了，但这个数据报文带着同样的确认号，握手照样完成"},
  {Why::simultaneous_open_syn, "simultaneous_open_syn", "RFC 9293 §3.5 (Figure 7)",
   "SYN while in SYN_SENT: simultaneous open, answer SYN-ACK with our own ISN",
   "SYN_SENT 状态收到 SYN：同时打开，用自己的 ISN 回复 SYN-ACK"},
  {Why::simultaneous_open_synack, "simultaneous_open_synack", "RFC 9293 §3.5 (Figure 7)",
   "SYN-ACK while in SYN_RECEIVED acknowledges our SYN: established, send ACK",
   "SYN_RECEIVED 状态收到确认我方 SYN 的 SYN-ACK：连接建立，回复 ACK"},
  {Why::dup_syn_resend_synack, "dup_syn_resend_synack", "",
   "retransmitted SYN for a pending request: Linux answers with the SYN-ACK again and restarts its timer",
   "待处理请求收到重传的 SYN：Linux 立即重发 SYN-ACK 并重启定时器"},
  {Why::syn_rto, "syn_rto", "RFC 6298 §5; RFC 1122 §4.2.3.5",
   "SYN timeout expired: retransmission #{a}, next wait {bt}", "SYN 超时：第 {a} 次重传，下次等待 {bt}"},
  {Why::synack_rto, "synack_rto", "RFC 6298 §5",
   "SYN-ACK timeout expired: retransmission #{a}, next wait {bt}", "SYN-ACK 超时：第 {a} 次重传，下次等待 {bt}"},
  {Why::data_rto, "data_rto", "RFC 6298 §5",
   "RTO expired: retransmission #{a}, next wait {bt}", "重传超时（RTO）：第 {a} 次重传，下次等待 {bt}"},
  {Why::fin_rto, "fin_rto", "RFC 6298 §5",
   "FIN not acknowledged, RTO expired: retransmission #{a}, next wait {bt}",
   "FIN 未被确认，重传超时：第 {a} 次重传，下次等待 {bt}"},
  {Why::loss_probe, "loss_probe", "RFC 8985 §7",
   "tail-loss probe: nothing acknowledged for ~2 RTT, resend the last segment before the RTO",
   "尾部丢失探测（TLP）：约 2 个 RTT 没有确认，在 RTO 之前先重发最后一个报文"},
  {Why::fast_retransmit, "fast_retransmit", "RFC 5681 §3.2",
   "third duplicate ACK → fast retransmit", "收到第三个重复 ACK → 快速重传"},
  {Why::sack_retransmit, "sack_retransmit", "RFC 6675 §5",
   "SACK shows this range is missing → retransmit it", "SACK 显示这段数据缺失 → 重传它"},
  {Why::syn_gave_up, "syn_gave_up", "RFC 1122 §4.2.3.5",
   "SYN retransmissions used up ({a}): connect() fails with ETIMEDOUT",
   "SYN 重传次数用尽（{a} 次）：connect() 返回 ETIMEDOUT"},
  {Why::synack_gave_up, "synack_gave_up", "",
   "SYN-ACK retransmissions used up ({a}): the request is dropped silently",
   "SYN-ACK 重传次数用尽（{a} 次）：该请求被静默丢弃"},
  {Why::retries_exhausted, "retries_exhausted", "RFC 1122 §4.2.3.5",
   "retransmissions used up ({a}, tcp_retries2): connection aborted with ETIMEDOUT",
   "重传次数用尽（{a} 次，tcp_retries2）：连接以 ETIMEDOUT 中止"},
  {Why::orphan_retries_exhausted, "orphan_retries_exhausted", "",
   "FIN retransmissions used up ({a}, tcp_orphan_retries): the orphaned socket is destroyed",
   "FIN 重传次数用尽（{a} 次，tcp_orphan_retries）：孤儿连接被直接销毁"},
  {Why::data_sent, "data_sent", "RFC 9293 §3.10.2", "send(): data handed to TCP", "send()：数据交给 TCP 发送"},
  {Why::data_segmented, "data_segmented", "RFC 9293 §3.7.1",
   "data cut into MSS-sized segments: segment {a}, MSS {b}", "数据按 MSS 切分：第 {a} 段，MSS {b}"},
  {Why::data_ignores_mss, "data_ignores_mss", "",
   "what if TCP ignored the MSS: all {a} bytes go out as one segment and IP has to cut it to fit the link (the MSS is {b})",
   "假如 TCP 不管 MSS：{a} 字节作为一个报文段整个交给 IP，由 IP 去切成适合链路的大小（MSS 是 {b}）"},
  {Why::ack_sent_quick, "ack_sent_quick", "RFC 1122 §4.2.3.2",
   "ACK at once (quick-ACK mode at the start of a connection)", "立即确认（连接开始时的快速 ACK 模式）"},
  {Why::ack_sent_delayed, "ack_sent_delayed", "RFC 1122 §4.2.3.2",
   "delayed ACK timer expired: acknowledge now", "延迟确认定时器到期：现在发送 ACK"},
  {Why::ack_on_read, "ack_on_read", "",
   "the application read the data: send the pending ACK", "应用读取了数据：发送待发的 ACK"},
  {Why::ack_out_of_order, "ack_out_of_order", "RFC 5681 §4.2",
   "out-of-order segment: duplicate ACK at once, SACK tells what did arrive",
   "收到乱序报文：立即发送重复 ACK，用 SACK 告知已收到的部分"},
  {Why::dsack_sent, "dsack_sent", "RFC 2883 §4",
   "duplicate segment received: ACK with a D-SACK block reporting it",
   "收到重复报文：ACK 中用 D-SACK 块报告重复的范围"},
  {Why::ack_received, "ack_received", "RFC 9293 §3.10.7.4",
   "ACK acknowledges new data", "ACK 确认了新的数据"},
  {Why::dup_ack_received, "dup_ack_received", "RFC 5681 §2",
   "duplicate ACK #{a}", "第 {a} 个重复 ACK"},
  {Why::data_received, "data_received", "RFC 9293 §3.10.7.4",
   "in-order data: delivered to the receive buffer", "按序到达的数据：放入接收缓冲区"},
  {Why::data_out_of_order, "data_out_of_order", "RFC 9293 §3.10.7.4",
   "data beyond a gap: kept out of order, waiting for the missing bytes",
   "数据前面有空洞：先乱序保存，等待缺失的字节"},
  {Why::data_duplicate, "data_duplicate", "RFC 9293 §3.10.7.4",
   "data already received (our ACK must have been lost or late)", "数据早已收到（之前的 ACK 可能丢了或晚了）"},
  {Why::fin_sent_close, "fin_sent_close", "RFC 9293 §3.10.4",
   "close(): send FIN", "close()：发送 FIN"},
  {Why::fin_sent_shutdown, "fin_sent_shutdown", "RFC 9293 §3.10.4",
   "shutdown(SHUT_WR): send FIN, keep receiving (half-close)", "shutdown(SHUT_WR)：发送 FIN，仍可接收（半关闭）"},
  {Why::fin_received, "fin_received", "RFC 9293 §3.10.7.4",
   "FIN received: the peer will send no more data; read() will return EOF",
   "收到 FIN：对方不再发送数据，read() 将返回 EOF"},
  {Why::fin_acked, "fin_acked", "RFC 9293 §3.10.7.4",
   "our FIN is acknowledged", "我方的 FIN 已被确认"},
  {Why::simultaneous_close, "simultaneous_close", "RFC 9293 §3.6 (Figure 13)",
   "FIN received while our own FIN is unacknowledged: simultaneous close → CLOSING",
   "自己的 FIN 尚未被确认时收到对方 FIN：同时关闭 → CLOSING"},
  {Why::time_wait_enter, "time_wait_enter", "RFC 9293 §3.6",
   "enter TIME_WAIT for 2MSL ({bt}; Linux fixes it at 60 s) so a lost final ACK can be resent and old segments die out",
   "进入 TIME_WAIT，等待 2MSL（{bt}；Linux 固定为 60 秒）：以便重发丢失的最后一个 ACK，并让旧报文在网络中消失"},
  {Why::time_wait_skipped, "time_wait_skipped", "",
   "what if there were no TIME_WAIT: the socket is gone at once, so a retransmitted FIN will meet a RST",
   "假如没有 TIME_WAIT：套接字立即消失，对方重传的 FIN 只会收到 RST"},
  {Why::time_wait_restart, "time_wait_restart", "RFC 9293 §3.10.7.4",
   "retransmitted FIN in TIME_WAIT: ACK it again and restart the 2MSL timer",
   "TIME_WAIT 中收到重传的 FIN：再次确认，并重启 2MSL 定时器"},
  {Why::time_wait_expired, "time_wait_expired", "RFC 9293 §3.10.8",
   "2MSL elapsed: the connection is gone", "2MSL 到期：连接彻底关闭"},
  {Why::fin_wait_2_timeout, "fin_wait_2_timeout", "",
   "orphaned FIN_WAIT_2 waited tcp_fin_timeout for the peer's FIN: closed",
   "孤儿 FIN_WAIT_2 连接等待对方 FIN 超过 tcp_fin_timeout：直接关闭"},
  {Why::last_ack_acked, "last_ack_acked", "RFC 9293 §3.10.7.4",
   "our FIN is acknowledged in LAST_ACK: the connection is closed", "LAST_ACK 中收到对 FIN 的确认：连接关闭"},
  {Why::rst_closed_port, "rst_closed_port", "RFC 9293 §3.10.7.1",
   "nothing listens on this port: answer RST", "该端口无人监听：回复 RST"},
  {Why::rst_no_connection, "rst_no_connection", "RFC 9293 §3.10.7.1",
   "segment for a connection that does not exist (any more): answer RST",
   "报文属于一个不存在（或已不存在）的连接：回复 RST"},
  {Why::rst_ack_in_listen, "rst_ack_in_listen", "RFC 9293 §3.10.7.2",
   "ACK reaches a listener that has no matching request: answer RST",
   "监听套接字收到没有对应请求的 ACK：回复 RST"},
  {Why::rst_linger_abort, "rst_linger_abort", "RFC 9293 §3.10.5",
   "close() with SO_LINGER {{1,0}}: abort with RST, no FIN, no TIME_WAIT",
   "设置 SO_LINGER {{1,0}} 后 close()：直接发 RST 中止，没有 FIN，也没有 TIME_WAIT"},
  {Why::rst_unread_data, "rst_unread_data", "RFC 2525 §2.17",
   "close() with unread data in the receive buffer: Linux sends RST instead of FIN",
   "接收缓冲区还有未读数据时 close()：Linux 发送 RST 而不是 FIN"},
  {Why::rst_data_after_close, "rst_data_after_close", "RFC 9293 §3.10.7.4",
   "data arrived after the application closed its socket: nobody can read it, reset",
   "应用已关闭套接字后又收到数据：没人能读取它，发送 RST 重置连接"},
  {Why::rst_received, "rst_received", "RFC 9293 §3.10.7.4",
   "RST received: the connection is reset", "收到 RST：连接被重置"},
  {Why::rst_in_syn_sent, "rst_in_syn_sent", "RFC 9293 §3.10.7.3",
   "RST acknowledging our SYN: connection refused", "收到确认我方 SYN 的 RST：连接被拒绝"},
  {Why::rst_keepalive_dead, "rst_keepalive_dead", "RFC 1122 §4.2.3.6",
   "{a} keepalive probes unanswered: peer declared dead, send RST", "连续 {a} 个保活探测无应答：判定对方已死，发送 RST"},
  {Why::rst_accept_overflow, "rst_accept_overflow", "",
   "accept queue full and tcp_abort_on_overflow=1: answer RST", "全连接队列已满且 tcp_abort_on_overflow=1：回复 RST"},
  {Why::rst_listener_closed, "rst_listener_closed", "",
   "the listener was closed with this connection still in its accept queue: RST",
   "监听套接字被关闭，而该连接还在全连接队列里：发送 RST"},
  {Why::rst_ignored_out_of_window, "rst_ignored_out_of_window", "RFC 9293 §3.10.7.4; RFC 5961 §3",
   "RST with a sequence number outside the window: ignored", "序列号不在窗口内的 RST：忽略"},
  {Why::challenge_ack, "challenge_ack", "RFC 5961 §4",
   "unexpected SYN on a synchronized connection: answer with a challenge ACK",
   "已同步的连接上收到意外的 SYN：回复挑战 ACK"},
  {Why::syn_queue_add, "syn_queue_add", "",
   "request added to the SYN (half-open) queue", "请求加入半连接（SYN）队列"},
  {Why::syn_queue_full_drop, "syn_queue_full_drop", "",
   "SYN queue full and tcp_syncookies=0: SYN dropped", "半连接队列已满且 tcp_syncookies=0：丢弃 SYN"},
  {Why::syn_queue_full_cookie, "syn_queue_full_cookie", "",
   "SYN cookie sent: SYN queue full, no state kept (ISN = hash + minute {b} << 24 + MSS index {a})",
   "SYN 队列已满，发送 SYN cookie：服务端不保存状态（ISN = 哈希 + 分钟计数 {b} << 24 + MSS 序号 {a}）"},
  {Why::syn_cookie_always, "syn_cookie_always", "",
   "SYN cookie sent: tcp_syncookies=2 answers every SYN with a cookie (minute {b}, MSS index {a})",
   "tcp_syncookies=2：对每个 SYN 都用 cookie 回复（分钟计数 {b}，MSS 序号 {a}）"},
  {Why::syn_cookie_valid, "syn_cookie_valid", "",
   "ACK carries a valid SYN cookie (ack-1 decodes to MSS index {a}): connection rebuilt from it",
   "ACK 携带有效的 SYN cookie（ack-1 解码出 MSS 序号 {a}）：据此重建连接"},
  {Why::syn_cookie_invalid, "syn_cookie_invalid", "",
   "ACK does not carry a valid SYN cookie", "ACK 中没有有效的 SYN cookie"},
  {Why::accept_queue_add, "accept_queue_add", "",
   "established connection waits in the accept queue for accept()", "已建立的连接在全连接队列中等待 accept()"},
  {Why::accept_queue_full_syn_drop, "accept_queue_full_syn_drop", "",
   "accept queue full: SYN dropped silently", "全连接队列已满：SYN 被静默丢弃"},
  {Why::accept_queue_full_ack_drop, "accept_queue_full_ack_drop", "",
   "accept queue full → ACK ignored (tcp_abort_on_overflow=0); the SYN-ACK timer keeps running",
   "全连接队列已满 → 忽略该 ACK（tcp_abort_on_overflow=0），SYN-ACK 定时器继续运行"},
  {Why::accept_returned, "accept_returned", "", "accept() takes the connection from the accept queue",
   "accept() 从全连接队列取出连接"},
  {Why::request_expired, "request_expired", "",
   "SYN-ACK retries used up: request removed from the SYN queue, nothing sent",
   "SYN-ACK 重传用尽：请求从半连接队列移除，不发送任何报文"},
  {Why::timer_armed, "timer_armed", "", "timer armed", "定时器启动"},
  {Why::timer_cancelled, "timer_cancelled", "", "timer cancelled", "定时器取消"},
  {Why::timer_fired, "timer_fired", "", "timer expired", "定时器到期"},
  {Why::delayed_ack_fired, "delayed_ack_fired", "RFC 1122 §4.2.3.2",
   "delayed ACK timer expired", "延迟确认定时器到期"},
  {Why::keepalive_probe, "keepalive_probe", "RFC 1122 §4.2.3.6",
   "connection idle: keepalive probe #{a} (seq = snd_nxt - 1, so the peer must answer)",
   "连接空闲：第 {a} 个保活探测（seq = snd_nxt - 1，对方必须回应）"},
  {Why::keepalive_reply, "keepalive_reply", "RFC 1122 §4.2.3.6",
   "keepalive probe answered: the peer is alive", "保活探测得到回应：对方还活着"},
  {Why::net_drop_rule, "net_drop_rule", "", "lost in the network (drop rule)", "在网络中丢失（丢包规则）"},
  {Why::net_delay_rule, "net_delay_rule", "", "held up in the network: arrives after {bt}", "在网络中被滞留：{bt} 后才到达"},
  {Why::net_duplicate_rule, "net_duplicate_rule", "", "a copy made by the network arrives after {bt}", "网络复制出的副本在 {bt} 后到达"},
  {Why::net_reorder_rule, "net_reorder_rule", "", "held back by the network and delivered out of order, after {bt}", "被网络扣留，乱序送达（{bt} 后）"},
  {Why::net_no_host, "net_no_host", "",
   "no host has this address (a spoofed source): the segment goes nowhere",
   "没有主机使用这个地址（伪造的源地址）：报文无处可去"},
  {Why::net_host_down, "net_host_down", "", "the destination host is down: nothing answers",
   "目的主机已宕机：没有任何回应"},
  {Why::ip_fragment_sent, "ip_fragment_sent", "RFC 791 §2.3",
   "IP cuts the {a}-byte datagram into fragments that fit the {b}-byte MTU; only the first carries the TCP header",
   "IP 把 {a} 字节的数据报切成适合 {b} 字节 MTU 的分片；只有第一片带着 TCP 首部"},
  {Why::ip_fragment_held, "ip_fragment_held", "RFC 791 §3.2; RFC 815",
   "IP holds the fragment ({a} bytes of the datagram so far): TCP sees nothing until every fragment is here",
   "IP 暂存这个分片（该数据报已收到 {a} 字节）：分片到齐之前 TCP 什么也看不到"},
  {Why::ip_fragment_duplicate, "ip_fragment_duplicate", "RFC 815",
   "a copy of a fragment IP already holds: it fills no hole and is ignored",
   "IP 已经有这个分片的副本：它填不上任何空洞，被忽略"},
  {Why::ip_reassembled, "ip_reassembled", "RFC 791 §3.2; RFC 815",
   "the last missing fragment: IP reassembles the {a}-byte datagram and hands the segment to TCP",
   "最后一个缺失的分片到了：IP 重组出 {a} 字节的数据报，把报文段交给 TCP"},
  {Why::ip_reassembly_expired, "ip_reassembly_expired", "RFC 791 §3.2; RFC 1122 §3.3.2",
   "reassembly timeout (ipfrag_time {bt}): IP throws away the {a} fragments it held; it never asks for the missing one",
   "重组超时（ipfrag_time {bt}）：IP 丢弃已暂存的 {a} 个分片；它从不要求重发缺失的分片"},
  {Why::attacker_spoofed_syn, "attacker_spoofed_syn", "RFC 4987 §2",
   "attacker sends a SYN from a spoofed address", "攻击者用伪造的源地址发送 SYN"},
  {Why::attacker_injected, "attacker_injected", "", "attacker injects a crafted segment", "攻击者注入伪造的报文"},
  {Why::host_crashed, "host_crashed", "", "host crashed: it sends and answers nothing", "主机宕机：不再发送也不再回应任何报文"},
  {Why::host_rebooted, "host_rebooted", "",
   "host rebooted: every connection is forgotten; old segments now get RST",
   "主机重启：所有连接状态丢失，旧连接的报文将收到 RST"},
  {Why::process_crashed, "process_crashed", "",
   "process crashed: the kernel closes its sockets as close() would",
   "进程崩溃：内核像调用 close() 一样关闭它的套接字"},
  {Why::process_exited, "process_exited", "",
   "the program ended: the kernel closes the sockets it still had open",
   "程序结束：内核关闭它仍然打开的套接字"},
  {Why::old_segment_rejected, "old_segment_rejected", "RFC 9293 §3.10.7.4",
   "sequence number outside the receive window: dropped, answered with an ACK",
   "序列号不在接收窗口内：丢弃，并回复一个 ACK"},
  {Why::paws_reject, "paws_reject", "RFC 7323 §5",
   "timestamp older than the last one seen (PAWS): dropped", "时间戳比上次看到的旧（PAWS）：丢弃"},
  {Why::ack_unacceptable, "ack_unacceptable", "RFC 9293 §3.10.7.3",
   "ACK does not acknowledge our SYN: answer RST", "ACK 没有确认我方的 SYN：回复 RST"},
  {Why::state_change, "state_change", "RFC 9293 §3.3.2", "state change", "状态变迁"},
  {Why::segment_arrived, "segment_arrived", "", "arrives after {bt} in the network", "在网络中经过 {bt} 后到达"},
};
// clang-format on
static_assert(std::size(kReasons) == static_cast<std::size_t>(Why::kCount),
              "every Why needs a row, in enum order");

constexpr bool rows_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kReasons); ++i) {
    if (static_cast<std::size_t>(kReasons[i].why) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "kReasons must follow the order of enum Why");

const ReasonText& row(Why why) {
  return kReasons[static_cast<std::size_t>(why)];
}

std::string duration_text(std::int64_t us) {
  if (us % 1000000 == 0) return fmt::format("{} s", us / 1000000);
  if (us >= 1000000) return fmt::format("{:.3g} s", static_cast<double>(us) / 1e6);
  if (us % 1000 == 0) return fmt::format("{} ms", us / 1000);
  return fmt::format("{:.3g} ms", static_cast<double>(us) / 1e3);
}

}  // namespace

std::string describe(const Reason& r, Lang lang) {
  const ReasonText& t = row(r.why);
  std::string_view tmpl = lang == Lang::zh ? t.zh : t.en;
  return fmt::format(fmt::runtime(tmpl), fmt::arg("a", r.a), fmt::arg("b", r.b),
                     fmt::arg("bt", duration_text(r.b)));
}

std::string_view rfc_section(Why why) {
  return row(why).rfc;
}

std::string_view why_name(Why why) {
  return row(why).name;
}

}  // namespace synack
