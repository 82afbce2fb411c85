router.get('/status', ctx => { ctx.body = 'ok' });
app.listen(Number(process.env.PORT ?? 7000));
