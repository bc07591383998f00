import { vi } from 'vitest';

// @backstage/backend-test-utils is written for Jest: its service mocks call `jest.fn()`.
(globalThis as unknown as { jest: typeof vi }).jest = vi;
