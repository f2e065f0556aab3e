// SPDX-License-Identifier: Apache-2.0
// Files the tool writes beside its output (reports, metrics): never over one
// of its own inputs, and never seen half-written.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cellos {

// The input among `inputs` ("-" is standard input) that `output` would
// overwrite: the same file (device and inode, symlinks followed), however
// either is spelled. nullopt when `output` does not exist yet or is none of them.
std::optional<std::string> input_overwritten_by(const std::string& output,
                                                const std::vector<std::string>& inputs);

// Whether `path` may be replaced by a file of the kind whose text starts with
// `signature` (after any whitespace): it does not exist, is not a regular file
// (a terminal, /dev/stdout), is empty, or starts so. A report option given a
// log by mistake (`--junit events.jsonl`, read as a switch) must not destroy it.
bool may_replace(const std::string& path, std::string_view signature);

// Writes `contents` to `path` so that readers see the old file or the new one,
// never part of one: into a temporary file in the same directory, flushed to
// disk, then renamed over `path` (through a symlink, onto its target). An
// existing file keeps its permissions; a new one gets 0666 less the umask. A
// path that is not a regular file (a pipe, /dev/stderr) is written directly. On
// failure the temporary file is removed and `path` is left as it was. Returns
// why it failed, or an empty string.
std::string write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace cellos
