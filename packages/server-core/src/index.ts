export { HostedConnection, type ConnectionOwner } from './hosted-connection.js';
// A test double for services: a client and a server joined in memory.
export { createMemoryNetwork, type MemoryNetwork } from './memory-network.js';
export { createMemoryBroker } from './memory-broker.js';
export { Topics } from './topics.js';
export { ServiceHost, type Accepted, type Registered, type Routing } from './service-host.js';
export { resolveServiceSettings, type ServiceSettings } from './service-settings.js';
