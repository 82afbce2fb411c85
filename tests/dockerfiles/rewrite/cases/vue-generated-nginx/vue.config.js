module.exports = { outputDir: 'public-dist' };
