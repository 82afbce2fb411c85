app.get('/health', () => 'ok'); app.listen({ port: 8000 });
