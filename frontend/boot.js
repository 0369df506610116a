// Loaded as an external module so the CSP needs no 'unsafe-inline' for scripts.
import init from '/realis_web.js';
init();
