package io.jasyncio.internal.task;

/**
 * The immutable map behind context variables: a hash array mapped trie (HAMT) from a variable to
 * its value. Copying a context is handing over the reference, O(1); a write copies one path of
 * at most seven nodes of up to 32 slots, O(log32 n); a read follows that path.
 *
 * <p><b>Design.</b> Keys are compared by identity and come with a hash chosen by their owner;
 * {@code ContextVar} derives it bijectively from a sequence number, so two keys never share all
 * 32 hash bits and no collision nodes are needed (C1). Rejected: a copy-on-write
 * {@code HashMap} (copying is O(n) per task creation when a server holds a few variables, fine,
 * but O(n) per set for frameworks that hold many), and a sorted persistent tree (slower reads).
 *
 * <p><b>Invariants.</b> C1 distinct keys have distinct hashes. C2 a node's {@code slots} has one
 * entry per set bit of its {@code bitmap}, in bit order; a slot is an {@link Entry} or a child
 * {@link Node}. C3 nothing is ever mutated after construction.
 */
public final class ContextMap {
    /** The value of a key that is not in the map. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** The empty context. */
    public static final ContextMap EMPTY = new ContextMap(new Node(0, new Object[0]), 0);

    private record Entry(Object key, int hash, Object value) {
    }

    private record Node(int bitmap, Object[] slots) {
    }

    private final Node root;
    private final int size;

    private ContextMap(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The number of keys. */
    public int size() {
        return size;
    }

    /** The value of {@code key}, or {@link #MISSING}. */
    public Object get(Object key, int hash) {
        Node node = root;
        for (int shift = 0; ; shift += 5) {
            int bit = 1 << ((hash >>> shift) & 31);
            if ((node.bitmap & bit) == 0) {
                return MISSING;
            }
            Object slot = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
            if (slot instanceof Node child) {
                node = child;
            } else {
                Entry e = (Entry) slot;
                return e.key == key ? e.value : MISSING;
            }
        }
    }

    /** A map equal to this one with {@code key} mapped to {@code value}. */
    public ContextMap with(Object key, int hash, Object value) {
        boolean[] added = new boolean[1];
        Node r = put(root, 0, new Entry(key, hash, value), added);
        return new ContextMap(r, added[0] ? size + 1 : size);
    }

    private static Node put(Node node, int shift, Entry e, boolean[] added) {
        int bit = 1 << ((e.hash >>> shift) & 31);
        int idx = Integer.bitCount(node.bitmap & (bit - 1));
        if ((node.bitmap & bit) == 0) {
            Object[] slots = new Object[node.slots.length + 1];
            System.arraycopy(node.slots, 0, slots, 0, idx);
            slots[idx] = e;
            System.arraycopy(node.slots, idx, slots, idx + 1, node.slots.length - idx);
            added[0] = true;
            return new Node(node.bitmap | bit, slots);
        }
        Object slot = node.slots[idx];
        Object replacement;
        if (slot instanceof Node child) {
            replacement = put(child, shift + 5, e, added);
        } else {
            Entry old = (Entry) slot;
            if (old.key == e.key) {
                replacement = e;
            } else {
                replacement = merge(old, e, shift + 5);
                added[0] = true;
            }
        }
        Object[] slots = node.slots.clone();
        slots[idx] = replacement;
        return new Node(node.bitmap, slots);
    }

    /** A node holding two entries whose hashes agree below {@code shift}. */
    private static Node merge(Entry a, Entry b, int shift) {
        assert a.hash != b.hash : "C1: two context keys share a hash";
        int ia = (a.hash >>> shift) & 31;
        int ib = (b.hash >>> shift) & 31;
        if (ia == ib) {
            return new Node(1 << ia, new Object[] {merge(a, b, shift + 5)});
        }
        return new Node((1 << ia) | (1 << ib), ia < ib ? new Object[] {a, b} : new Object[] {b, a});
    }

    @Override
    public String toString() {
        return "Context[" + size + " variables]";
    }
}
