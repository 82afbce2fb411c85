import Fastify from 'fastify';
const app = Fastify();
app.get('/api/health', async () => ({ ok: true }));
app.listen({ port: 4000, host: '0.0.0.0' });
