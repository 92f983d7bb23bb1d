import WasmBinary

extension WASIPreview1 {
    /// The signature and implementation of each `wasi_snapshot_preview1` function, by name.
    static func definition(_ name: String) -> Definition? {
        let i32 = ValueType.i32, i64 = ValueType.i64
        switch name {
        // Arguments and environment (Args.swift).
        case "args_get": return Definition([i32, i32], WASIPreview1.argsGet)
        case "args_sizes_get": return Definition([i32, i32], WASIPreview1.argsSizesGet)
        case "environ_get": return Definition([i32, i32], WASIPreview1.environGet)
        case "environ_sizes_get": return Definition([i32, i32], WASIPreview1.environSizesGet)
        // Clocks (Clock.swift).
        case "clock_res_get": return Definition([i32, i32], WASIPreview1.clockResGet)
        case "clock_time_get": return Definition([i32, i64, i32], WASIPreview1.clockTimeGet)
        // Random (Random.swift).
        case "random_get": return Definition([i32, i32], WASIPreview1.randomGet)
        // Descriptors (FD.swift, FDStat.swift, Directory.swift).
        case "fd_advise": return Definition([i32, i64, i64, i32], WASIPreview1.fdAdvise)
        case "fd_allocate": return Definition([i32, i64, i64], WASIPreview1.fdAllocate)
        case "fd_close": return Definition([i32], WASIPreview1.fdClose)
        case "fd_datasync": return Definition([i32], WASIPreview1.fdDatasync)
        case "fd_fdstat_get": return Definition([i32, i32], WASIPreview1.fdFdstatGet)
        case "fd_fdstat_set_flags": return Definition([i32, i32], WASIPreview1.fdFdstatSetFlags)
        case "fd_fdstat_set_rights": return Definition([i32, i64, i64], WASIPreview1.fdFdstatSetRights)
        case "fd_filestat_get": return Definition([i32, i32], WASIPreview1.fdFilestatGet)
        case "fd_filestat_set_size": return Definition([i32, i64], WASIPreview1.fdFilestatSetSize)
        case "fd_filestat_set_times": return Definition([i32, i64, i64, i32], WASIPreview1.fdFilestatSetTimes)
        case "fd_pread": return Definition([i32, i32, i32, i64, i32], WASIPreview1.fdPread)
        case "fd_prestat_get": return Definition([i32, i32], WASIPreview1.fdPrestatGet)
        case "fd_prestat_dir_name": return Definition([i32, i32, i32], WASIPreview1.fdPrestatDirName)
        case "fd_pwrite": return Definition([i32, i32, i32, i64, i32], WASIPreview1.fdPwrite)
        case "fd_read": return Definition([i32, i32, i32, i32], WASIPreview1.fdRead)
        case "fd_readdir": return Definition([i32, i32, i32, i64, i32], WASIPreview1.fdReaddir)
        case "fd_renumber": return Definition([i32, i32], WASIPreview1.fdRenumber)
        case "fd_seek": return Definition([i32, i64, i32, i32], WASIPreview1.fdSeek)
        case "fd_sync": return Definition([i32], WASIPreview1.fdSync)
        case "fd_tell": return Definition([i32, i32], WASIPreview1.fdTell)
        case "fd_write": return Definition([i32, i32, i32, i32], WASIPreview1.fdWrite)
        // Paths (Path.swift).
        case "path_create_directory": return Definition([i32, i32, i32], WASIPreview1.pathCreateDirectory)
        case "path_filestat_get": return Definition([i32, i32, i32, i32, i32], WASIPreview1.pathFilestatGet)
        case "path_filestat_set_times":
            return Definition([i32, i32, i32, i32, i64, i64, i32], WASIPreview1.pathFilestatSetTimes)
        case "path_link": return Definition([i32, i32, i32, i32, i32, i32, i32], WASIPreview1.pathLink)
        case "path_open":
            return Definition([i32, i32, i32, i32, i32, i64, i64, i32, i32], WASIPreview1.pathOpen)
        case "path_readlink": return Definition([i32, i32, i32, i32, i32, i32], WASIPreview1.pathReadlink)
        case "path_remove_directory": return Definition([i32, i32, i32], WASIPreview1.pathRemoveDirectory)
        case "path_rename": return Definition([i32, i32, i32, i32, i32, i32], WASIPreview1.pathRename)
        case "path_symlink": return Definition([i32, i32, i32, i32, i32], WASIPreview1.pathSymlink)
        case "path_unlink_file": return Definition([i32, i32, i32], WASIPreview1.pathUnlinkFile)
        // Polling (Poll.swift).
        case "poll_oneoff": return Definition(waiting: [i32, i32, i32, i32], WASIPreview1.pollOneoff)
        // Process (Process.swift).
        case "proc_exit": return Definition(trapping: [i32], WASIPreview1.procExit)
        case "proc_raise": return Definition([i32], WASIPreview1.procRaise)
        case "sched_yield": return Definition([], WASIPreview1.schedYield)
        // Sockets (Sockets.swift).
        case "sock_accept": return Definition([i32, i32, i32], WASIPreview1.sockAccept)
        case "sock_recv": return Definition([i32, i32, i32, i32, i32, i32], WASIPreview1.sockRecv)
        case "sock_send": return Definition([i32, i32, i32, i32, i32], WASIPreview1.sockSend)
        case "sock_shutdown": return Definition([i32, i32], WASIPreview1.sockShutdown)
        default: return nil
        }
    }
}
