import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';

/**
 * True while the browser prepares a print. Collapsed sections mount their
 * content lazily (a plan has dozens of code blocks), so they use this to open
 * before the page is laid out for paper; flushSync makes the update land
 * before the print snapshot is taken.
 */
export function usePrintMode(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => flushSync(() => setPrinting(true));
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}
