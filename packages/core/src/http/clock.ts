import { abortError, type Sleep } from './abort.js';

/** The Node.js sleep: waits `ms`, or rejects with ABORTED as soon as `signal` aborts. */
export const sleep: Sleep = (ms, signal) => {
  if (signal?.aborted) return Promise.reject(abortError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
};
