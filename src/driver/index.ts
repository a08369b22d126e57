export { connect, type SessionTarget, type SessionOptions, type SessionTimeouts } from './connect.js';
export { Session } from './session.js';
