"""confine.py: the confinement of a self-test child, through ctypes: process
group, death signal, rlimits, no network, writes only below `writable`.

Network, best first: a new network namespace (unshare(CLONE_NEWNET), with
CLONE_NEWUSER and an identity uid/gid map when not privileged; even loopback
is down in it), else Landlock's TCP rules (ABI >= 4: no bind, no connect),
else nothing here: the socket layer of effects.py still refuses every
connection. Writes: Landlock (ABI >= 1) as rules/isolation.c does: create,
change, remove only below each writable directory, /dev/shm, and writing
/dev/null."""
import ctypes
import errno
import os
import resource

PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
PR_SET_CHILD_SUBREAPER = 36
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000

# the generic syscall numbers, the same on every architecture for these
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_ADD_RULE = 445
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1

FS_WRITE_FILE = 1 << 1
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13
FS_TRUNCATE = 1 << 14
NET_BIND_TCP = 1 << 0
NET_CONNECT_TCP = 1 << 1

_libc = None


def libc():
    global _libc
    if _libc is None:
        _libc = ctypes.CDLL(None, use_errno=True)
        _libc.syscall.restype = ctypes.c_long
    return _libc


def prctl(option, arg):
    return libc().prctl(option, ctypes.c_ulong(arg), ctypes.c_ulong(0),
                        ctypes.c_ulong(0), ctypes.c_ulong(0))


def set_subreaper():
    return prctl(PR_SET_CHILD_SUBREAPER, 1) == 0


def set_pdeathsig(sig):
    return prctl(PR_SET_PDEATHSIG, int(sig)) == 0


def set_rlimits(mem_bytes, cpu_seconds):
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if mem_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (mem_bytes, mem_bytes))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))


def _write(path, text):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def new_netns():
    """a network namespace of our own; True when we have one"""
    c = libc()
    if c.unshare(CLONE_NEWNET) == 0:
        return True
    uid, gid = os.geteuid(), os.getegid()
    if c.unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0:
        return False
    try:
        _write("/proc/self/setgroups", "deny")
    except OSError:
        pass
    # the same ids inside as outside: files keep their owners
    _write("/proc/self/uid_map", "%d %d 1\n" % (uid, uid))
    _write("/proc/self/gid_map", "%d %d 1\n" % (gid, gid))
    return True


def landlock_abi():
    v = libc().syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return v if v > 0 else 0


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64),
                ("handled_access_net", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _fs_access(abi):
    every = (FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_CHAR |
             FS_MAKE_DIR | FS_MAKE_REG | FS_MAKE_SOCK | FS_MAKE_FIFO |
             FS_MAKE_BLOCK | FS_MAKE_SYM)
    file = FS_WRITE_FILE
    if abi >= 2:
        every |= FS_REFER
    if abi >= 3:
        every |= FS_TRUNCATE
        file |= FS_TRUNCATE
    return every, file


def _allow(ruleset, path, access):
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return
    try:
        pb = _PathBeneath(access, fd)
        if libc().syscall(SYS_LANDLOCK_ADD_RULE, ruleset, LANDLOCK_RULE_PATH_BENEATH,
                          ctypes.byref(pb), 0) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "landlock_add_rule %s: %s" % (path, os.strerror(e)))
    finally:
        os.close(fd)


def landlock(writable, deny_net, abi):
    """restrict this process: writes below writable only (when writable is
    not None), and no TCP when deny_net (ABI >= 4); raises OSError"""
    every, file = _fs_access(abi)
    attr = _RulesetAttr(every if writable is not None else 0,
                        NET_BIND_TCP | NET_CONNECT_TCP if deny_net else 0)
    size = ctypes.sizeof(attr) if deny_net else 8
    c = libc()
    fd = c.syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), 0)
    if fd < 0:
        e = ctypes.get_errno()
        raise OSError(e, "landlock_create_ruleset: " + os.strerror(e))
    try:
        if writable is not None:
            for d in writable:
                _allow(fd, d, every)
            _allow(fd, "/dev/null", file)
            _allow(fd, "/dev/shm", every)
        if prctl(PR_SET_NO_NEW_PRIVS, 1) != 0 or \
                c.syscall(SYS_LANDLOCK_RESTRICT_SELF, fd, 0) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "landlock_restrict_self: " + os.strerror(e))
    finally:
        os.close(fd)


def isolate(writable):
    """cut the network off and confine writes; returns (confined, network)
    with network "namespace", "landlock" or "socket" """
    network = "socket"
    try:
        if new_netns():
            network = "namespace"
    except OSError:
        network = "socket"
    abi = landlock_abi()
    deny_net = network == "socket" and abi >= 4
    confined = False
    if abi > 0 and (writable is not None or deny_net):
        try:
            landlock(writable, deny_net, abi)
            confined = writable is not None
            if deny_net:
                network = "landlock"
        except OSError as e:
            if e.errno not in (errno.ENOSYS, errno.EOPNOTSUPP):
                raise
    return confined, network
