import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Rendering a whole plan (19 items, charts, tables) takes seconds on a busy
// shared machine; the defaults (1 s per query, 5 s per test) are for small widgets.
configure({ asyncUtilTimeout: 15_000 });
jest.setTimeout(90_000);
