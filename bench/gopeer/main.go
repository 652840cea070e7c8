// Command gopeer serves go-fuse's loopback file system over a directory: the Go peer of the
// jpuffs benchmark. It mounts, prints "ready" once the kernel has the mount, and serves until the
// mount is unmounted (the benchmark unmounts it) or it gets SIGINT/SIGTERM.
//
// The cache settings are flags so the benchmark can state them: TTLs for entries, attributes and
// negative entries, and keep_cache on open (the loopback node keeps the kernel's page cache across
// opens, which is correct while nobody but this mount changes the backing directory). go-fuse of
// this vintage offers no writeback cache and caps writes at 128 KiB.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hanwen/go-fuse/v2/fs"
	"github.com/hanwen/go-fuse/v2/fuse"
)

// keepCacheNode is the loopback node with FOPEN_KEEP_CACHE added to every open and create.
type keepCacheNode struct {
	fs.LoopbackNode
}

func (n *keepCacheNode) Open(ctx context.Context, flags uint32) (fs.FileHandle, uint32, syscall.Errno) {
	fh, fl, errno := n.LoopbackNode.Open(ctx, flags)
	return fh, fl | fuse.FOPEN_KEEP_CACHE, errno
}

func (n *keepCacheNode) Create(ctx context.Context, name string, flags uint32, mode uint32, out *fuse.EntryOut) (*fs.Inode, fs.FileHandle, uint32, syscall.Errno) {
	ino, fh, fl, errno := n.LoopbackNode.Create(ctx, name, flags, mode, out)
	return ino, fh, fl | fuse.FOPEN_KEEP_CACHE, errno
}

func main() {
	ttl := flag.Duration("ttl", 86400*time.Second, "entry and attribute timeout")
	negTTL := flag.Duration("negative-ttl", 86400*time.Second, "negative entry timeout (0: none)")
	keepCache := flag.Bool("keep-cache", true, "reply FOPEN_KEEP_CACHE on open and create")
	maxWrite := flag.Int("max-write", 128*1024, "largest WRITE the kernel may send (go-fuse caps it at 128 KiB)")
	debug := flag.Bool("debug", false, "log every request")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: gopeer [flags] BACKING_DIR MOUNTPOINT")
		os.Exit(2)
	}
	backing, mountpoint := flag.Arg(0), flag.Arg(1)

	var st syscall.Stat_t
	if err := syscall.Stat(backing, &st); err != nil {
		fmt.Fprintln(os.Stderr, "gopeer:", err)
		os.Exit(1)
	}
	var root fs.InodeEmbedder
	if *keepCache {
		data := &fs.LoopbackRoot{Path: backing, Dev: uint64(st.Dev)}
		data.NewNode = func(r *fs.LoopbackRoot, _ *fs.Inode, _ string, _ *syscall.Stat_t) fs.InodeEmbedder {
			return &keepCacheNode{fs.LoopbackNode{RootData: r}}
		}
		root = data.NewNode(data, nil, "", &st)
	} else {
		var err error
		if root, err = fs.NewLoopbackRoot(backing); err != nil {
			fmt.Fprintln(os.Stderr, "gopeer:", err)
			os.Exit(1)
		}
	}

	opts := &fs.Options{
		EntryTimeout: ttl,
		AttrTimeout:  ttl,
		MountOptions: fuse.MountOptions{
			FsName:   "gopeer",
			Name:     "loopback",
			MaxWrite: *maxWrite,
			Debug:    *debug,
		},
	}
	if *negTTL > 0 {
		opts.NegativeTimeout = negTTL
	}
	server, err := fs.Mount(mountpoint, root, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gopeer: mount:", err)
		os.Exit(1)
	}
	fmt.Println("ready")
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		_ = server.Unmount()
	}()
	server.Wait()
}
