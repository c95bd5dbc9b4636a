/** Gets a responder's attention while the app is open: vibration where supported, and three short tones. */
export function alertNewPing(): void {
  if ('vibrate' in navigator) navigator.vibrate([300, 120, 300, 120, 300]);
  try {
    const audio = new AudioContext();
    [0, 0.25, 0.5].forEach((start) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.25, audio.currentTime + start);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + start + 0.2);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + start);
      tone.stop(audio.currentTime + start + 0.2);
    });
    setTimeout(() => void audio.close(), 1000);
  } catch {
    /* no audio until the page has been touched: vibration and the highlight remain */
  }
}
