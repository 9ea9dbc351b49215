// PhaseLens core — persistent worker threads for parallel.h (see worker_pool.h).
#include "worker_pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "phaselens/progress.h"

namespace phaselens::core::detail {

namespace {

// One parallel call. Every field is guarded by the pool's mutex; the Job lives on the caller's stack, and the
// caller returns only when the job has left the queue and no worker runs one of its chunks.
struct Job {
    ChunkTask task;
    int64_t count = 0;
    int64_t next = 1;     // the next unclaimed chunk (chunk 0 is the caller's)
    int64_t running = 0;  // chunks claimed by workers and not finished yet
    std::condition_variable finished;
};

// Set when the pool is destroyed at exit: later calls (from other static destructors) run inline.
std::atomic<bool> gPoolGone{false};

void runOnCaller(const ChunkTask& task, int64_t chunk) {
    const ProgressScope freshThread(nullptr);  // as on a thread of its own: no ambient Progress
    task(chunk);
}

class Pool {
  public:
    Pool() { workers_.reserve(static_cast<size_t>(kMaxPoolWorkers)); }
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    ~Pool() {
        gPoolGone.store(true, std::memory_order_release);
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (std::thread& worker : workers_) worker.join();
    }

    void run(int64_t count, ChunkTask task) {
        Job job;
        job.task = task;
        job.count = count;
        std::unique_lock<std::mutex> lock(mutex_);
        if (!stopping_) {
            queue_.push_back(&job);
            const int64_t wanted = count - 1;  // chunks for other threads
            startWorkers(wanted - idle_);
            if (wanted >= idle_)
                wake_.notify_all();
            else
                for (int64_t i = 0; i < wanted; ++i) wake_.notify_one();
        }
        lock.unlock();
        task(0);  // the caller's own chunk, in the caller's Progress scope
        lock.lock();
        // Claim what no worker has taken (all of it when no worker could start or all are busy), then wait for the
        // chunks that are running: never for an unclaimed one, so nested calls always make progress.
        while (job.next < count) {
            const int64_t chunk = job.next++;
            if (job.next >= count) dequeue(&job);
            lock.unlock();
            runOnCaller(task, chunk);
            lock.lock();
        }
        job.finished.wait(lock, [&job] { return job.running == 0; });
    }

  private:
    // Starts up to `more` workers within the bound; a worker that cannot start (std::system_error) leaves its
    // chunks to the caller. Called with the mutex held.
    void startWorkers(int64_t more) {
        const int64_t room = static_cast<int64_t>(kMaxPoolWorkers) - static_cast<int64_t>(workers_.size());
        for (int64_t i = 0; i < std::min(more, room); ++i) {
            try {
                workers_.emplace_back([this] { work(); });
            } catch (...) {
                return;
            }
        }
    }

    void dequeue(Job* job) {
        const auto it = std::find(queue_.begin(), queue_.end(), job);
        if (it != queue_.end()) queue_.erase(it);
    }

    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            ++idle_;
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            --idle_;
            if (stopping_) return;
            Job* job = queue_.front();
            const int64_t chunk = job->next++;
            if (job->next >= job->count) queue_.pop_front();
            ++job->running;
            lock.unlock();
            job->task(chunk);
            lock.lock();
            // Notified under the mutex: the caller can see running == 0 (and destroy the job) only after this.
            if (--job->running == 0) job->finished.notify_all();
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job*> queue_;  // jobs with unclaimed chunks
    std::vector<std::thread> workers_;
    int64_t idle_ = 0;  // workers waiting for a job
    bool stopping_ = false;
};

Pool& pool() {
    static Pool instance;
    return instance;
}

}  // namespace

void runChunks(int64_t count, ChunkTask task) {
    if (count <= 0) return;
    if (count == 1 || gPoolGone.load(std::memory_order_acquire)) {
        task(0);
        for (int64_t chunk = 1; chunk < count; ++chunk) runOnCaller(task, chunk);
        return;
    }
    pool().run(count, task);
}

}  // namespace phaselens::core::detail
