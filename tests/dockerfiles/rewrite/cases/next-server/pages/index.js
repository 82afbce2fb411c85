export default function Home() { return 'hi'; }
