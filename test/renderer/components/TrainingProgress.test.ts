import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import TrainingProgress from '../../../src/renderer/src/components/TrainingProgress.vue'
import ErrorBanner from '../../../src/renderer/src/components/ErrorBanner.vue'

describe('TrainingProgress', () => {
  it('waits before the first message', () => {
    const wrapper = mount(TrainingProgress, { props: { progress: null } })
    expect(wrapper.text()).toContain('waiting to start')
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('0')
  })
  it('shows epoch x/y, percentage, ETA and throughput for people', () => {
    const progress = { epoch: 3, epochs: 10, batch: 50, batches: 100, samplesSeen: 12_800, samplesPerSecond: 45_600, elapsedSeconds: 12, etaSeconds: 187 }
    const wrapper = mount(TrainingProgress, { props: { progress } })
    expect(wrapper.get('[data-test=epoch]').text()).toBe('epoch 3 / 10')
    const details = wrapper.get('[data-test=details]').text()
    expect(details).toContain('25.0 %')
    expect(details).toContain('3 min 07 s left')
    expect(details).toContain('45.6k/s')
    expect(details).toContain('12.8k samples seen')
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('25')
    expect(wrapper.get('.fill').attributes('style')).toContain('width: 25%')
  })
  it('shows — for an unknown ETA instead of NaN', () => {
    const progress = { epoch: 1, epochs: 2, batch: 0, batches: 10, samplesSeen: 0, samplesPerSecond: 0, elapsedSeconds: 0, etaSeconds: NaN }
    const text = mount(TrainingProgress, { props: { progress } }).text()
    expect(text).not.toContain('NaN')
    expect(text).toContain('— left')
  })
})

describe('ErrorBanner', () => {
  it('shows the message as an alert and emits dismiss', async () => {
    const wrapper = mount(ErrorBanner, { props: { message: 'Invalid experiment config:\nmodel.lambda: must be ≥ 0, got -1' } })
    expect(wrapper.get('[role=alert]').text()).toContain('model.lambda: must be ≥ 0, got -1')
    await wrapper.get('[data-test=dismiss]').trigger('click')
    expect(wrapper.emitted('dismiss')).toHaveLength(1)
    await wrapper.setProps({ message: null })
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })
})
