import { CodeSnippet } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles(theme => ({
  // The highlighter's light palette draws strings and comments under AA contrast:
  // tokens keep their weight but take the theme's text colour.
  code: {
    '& pre span': { color: `${theme.palette.text.primary} !important` },
  },
}));

/**
 * A code block that may scroll sideways, reachable and scrollable by keyboard:
 * its scrolling element takes focus and is announced as a named region.
 */
export const ScrollableCode = ({
  text,
  language,
  label,
}: {
  text: string;
  language: string;
  label: string;
}) => {
  const classes = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = ref.current;
    if (!root) return undefined;
    const mark = () =>
      root.querySelectorAll('pre').forEach(pre => {
        pre.setAttribute('tabindex', '0');
        pre.setAttribute('role', 'region');
        pre.setAttribute('aria-label', label);
      });
    mark();
    // The highlighter renders its <pre> once its code has loaded.
    const observer = new MutationObserver(mark);
    observer.observe(root, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [label, text, language]);
  return (
    <div ref={ref} className={classes.code}>
      <CodeSnippet language={language} text={text} showCopyCodeButton />
    </div>
  );
};
