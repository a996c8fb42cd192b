/** Where the control API lives: outside /v1, so that no Notion client request can reach it. */
export const CONTROL_PREFIX = '/__localnotion';
