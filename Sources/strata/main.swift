#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import StrataCLI

// A parent may start us with signals blocked (Foundation's Process on Linux passes on the mask of the thread that
// spawned it, and Dispatch's worker threads block nearly everything). Unblocked here for the threads this one
// starts; Dispatch blocks them again in its own threads, so the run's Ctrl-C handling (Interruption) also waits on
// a thread of its own that unblocks them.
var stopSignals = sigset_t()
sigemptyset(&stopSignals)
for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&stopSignals, signal) }
sigprocmask(SIG_UNBLOCK, &stopSignals, nil)

await StrataCommand.runFromCommandLine()
