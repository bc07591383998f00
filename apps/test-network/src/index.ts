export { createTestPki, type TestPki } from './ca.js';
export { startTlsFront, type TlsFront } from './tls-front.js';
export { startProxyProcess, type ProxyProcess, type ProxyRequest } from './proxy-process.js';
