/**
 * Orders that arrived while the inbox was open: the rows of a list that were not there at its first
 * load, each announced once with a short tone (the browser may refuse sound before the first click).
 */
import { useEffect, useRef, useState } from 'react';
import type { OrderListItem } from '../../../api/types';

function chime(): void {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
    tone.onended = () => void audio.close();
  } catch {
    // No audio device or not allowed yet: the highlight alone announces the order.
  }
}

/**
 * The ids of rows new since the list first loaded. `settled`: no read of the list under way; `filters`:
 * what the list shows (another filter's rows are not arrivals).
 */
export function useArrivals(items: OrderListItem[], settled: boolean, filters: string): ReadonlySet<string> {
  // `stale`: the rows shown when the filters changed, until the list is read anew under them.
  const known = useRef<{ filters: string; ids: Set<string> | null; stale: OrderListItem[] | null } | null>(null);
  const [arrived, setArrived] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (known.current?.filters !== filters) {
      known.current = { filters, ids: null, stale: known.current ? items : null };
    }
    const k = known.current;
    if (!settled || items === k.stale) return;
    if (k.ids === null) {
      k.ids = new Set(items.map((o) => o.orderId));
      return;
    }
    const fresh = items.filter((o) => !k.ids!.has(o.orderId)).map((o) => o.orderId);
    if (!fresh.length) return;
    fresh.forEach((id) => k.ids!.add(id));
    setArrived((prev) => new Set([...prev, ...fresh]));
    chime();
  }, [items, settled, filters]);
  return arrived;
}
