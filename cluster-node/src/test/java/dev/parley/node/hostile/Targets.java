package dev.parley.node.hostile;

import java.util.List;

/**
 * The real things the fuzzer's requests aim at, so that valid and half-valid requests reach the
 * entities instead of stopping at "not found": a workspace the fuzzer is in, its public channel
 * where the bystander listens, users, an invite code and the fuzzer's own token.
 */
record Targets(String workspaceId, String channelId, List<String> userIds, String inviteCode, String token) {}
