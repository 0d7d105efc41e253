package dev.llmkit.api.store;

import dev.llmkit.api.Scheduler;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link BudgetStore} in this JVM's memory, lock-free: each key and window length holds its current window's number
 * and spend as one immutable value replaced by compare-and-set, so a counter rolls over to a new window in the same
 * step that adds to it, and the counter of an ended window is dropped at once. Windows follow the
 * {@link Scheduler}'s wall clock ({@link Scheduler#now()}). Keys are never evicted; use a bounded number of them.
 */
public final class InMemoryBudgetStore implements BudgetStore {
    private final Scheduler clock;
    private final ConcurrentHashMap<Slot, AtomicReference<Spend>> counters = new ConcurrentHashMap<>();

    /** A store whose windows follow {@code clock}. */
    public InMemoryBudgetStore(Scheduler clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A store on the system clock. */
    public InMemoryBudgetStore() {
        this(Scheduler.system());
    }

    private record Slot(String key, BudgetWindow window) {
    }

    private record Spend(long window, long spent) {
    }

    private AtomicReference<Spend> counter(String key, BudgetWindow window) {
        Slot slot = new Slot(Objects.requireNonNull(key, "key"), Objects.requireNonNull(window, "window"));
        AtomicReference<Spend> ref = counters.get(slot);
        return ref != null ? ref : counters.computeIfAbsent(slot, s -> new AtomicReference<>(new Spend(0, 0)));
    }

    private static long spentIn(Spend s, long window) {
        return s.window == window ? s.spent : 0;
    }

    @Override
    public long add(String key, BudgetWindow window, long amount) {
        AtomicReference<Spend> ref = counter(key, window);
        long w = window.index(clock.now());
        while (true) {
            Spend current = ref.get();
            // a thread that read the clock just before another rolled the window over adds to the new window
            long win = Math.max(w, current.window);
            Spend next = new Spend(win, Math.addExact(spentIn(current, win), amount));
            if (ref.compareAndSet(current, next)) {
                return next.spent;
            }
        }
    }

    @Override
    public long spent(String key, BudgetWindow window) {
        long w = window.index(clock.now());
        Spend current = counter(key, window).get();
        return spentIn(current, Math.max(w, current.window));
    }

    @Override
    public BudgetCheck tryAdd(String key, BudgetWindow window, long amount, long limit) {
        if (amount < 0) {
            throw new IllegalArgumentException("tryAdd needs an amount of zero or more, got " + amount
                    + "; use add to give spend back");
        }
        AtomicReference<Spend> ref = counter(key, window);
        long w = window.index(clock.now());
        while (true) {
            Spend current = ref.get();
            long win = Math.max(w, current.window);
            long spent = spentIn(current, win);
            if (spent > limit - amount) {
                return BudgetCheck.refused(spent, limit);
            }
            Spend next = new Spend(win, spent + amount);
            if (ref.compareAndSet(current, next)) {
                return BudgetCheck.accepted(next.spent, limit);
            }
        }
    }

    @Override
    public String toString() {
        return "InMemoryBudgetStore[" + counters.size() + " counters]";
    }
}
