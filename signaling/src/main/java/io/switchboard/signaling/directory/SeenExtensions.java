package io.switchboard.signaling.directory;

/**
 * The extensions an import has already accepted, with the line each came from, in about 24 bytes
 * per extension (a million strings in a HashMap would take ten times that). It keeps a 64-bit
 * hash instead of the string: with a million distinct extensions the chance that any two collide
 * is about 3 in 100 million, and the cost of one would be a spurious "duplicate" error line.
 */
final class SeenExtensions {

    private long[] hashes = new long[1 << 12];
    private int[] lines = new int[1 << 12];
    private int size;

    /** Records {@code extension} first seen on {@code line}; returns 0, or the earlier line if it was seen before. */
    int putIfAbsent(String extension, int line) {
        long h = hash(extension);
        int mask = hashes.length - 1;
        int slot = (int) h & mask;
        while (hashes[slot] != 0) {
            if (hashes[slot] == h) {
                return lines[slot];
            }
            slot = (slot + 1) & mask;
        }
        hashes[slot] = h;
        lines[slot] = line;
        if (++size * 2 > hashes.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] oldHashes = hashes;
        int[] oldLines = lines;
        hashes = new long[oldHashes.length * 2];
        lines = new int[oldLines.length * 2];
        int mask = hashes.length - 1;
        for (int i = 0; i < oldHashes.length; i++) {
            long h = oldHashes[i];
            if (h != 0) {
                int slot = (int) h & mask;
                while (hashes[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                hashes[slot] = h;
                lines[slot] = oldLines[i];
            }
        }
    }

    /** FNV-1a over the characters, then the MurmurHash3 finaliser to spread the bits; never 0 (the empty slot). */
    static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            h ^= s.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }
}
